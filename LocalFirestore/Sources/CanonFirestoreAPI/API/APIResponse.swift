import CanonRuntime

/// What the API answers, before the HTTP stack writes it.
public struct APIResponse: Sendable {
    /// How the body is sent.
    public enum Body: Sendable {
        case bytes([UInt8])
        /// A JSON array (runQuery, batchGet, runAggregationQuery), built in memory and sent in
        /// chunks of about 64 KiB with chunked transfer encoding.
        case chunks([[UInt8]])
        /// Close the connection without a complete answer (fault injection).
        case drop
    }

    /// The HTTP status.
    public var status: Int
    /// The body.
    public var body: Body

    static func json(_ bytes: [UInt8], status: Int = 200) -> APIResponse { APIResponse(status: status, body: .bytes(bytes)) }

    static func error(_ error: RPCError) -> APIResponse { APIResponse(status: error.code.httpStatus, body: .bytes(error.body)) }

    static let empty = json(Array("{}".utf8))

    /// The collected bytes of the body (tests and benchmarks).
    public var bytes: [UInt8] {
        switch body {
        case .bytes(let bytes): bytes
        case .chunks(let chunks): chunks.flatMap { $0 }
        case .drop: []
        }
    }
}

/// Builds a streamed JSON array in chunks of about 64 KiB.
struct ArrayChunker {
    private(set) var chunks: [[UInt8]] = []
    private var current: [UInt8] = [UInt8(ascii: "[")]
    private var first = true

    mutating func append(_ element: (inout JSONWriter) -> Void) {
        var writer = JSONWriter()
        element(&writer)
        if !first { current.append(UInt8(ascii: ",")) }
        first = false
        current += writer.bytes
        if current.count >= 65_536 {
            chunks.append(current)
            current = []
        }
    }

    consuming func finish() -> [[UInt8]] {
        current.append(UInt8(ascii: "]"))
        chunks.append(current)
        return chunks
    }
}

extension JSONWriter {
    /// A document answer, with the projection of a mask when one is given.
    mutating func document(_ snapshot: DocumentSnapshot, database: DatabaseName, mask: [ParsedFieldPath]?) {
        let fields = mask.map { Fields.project(snapshot.fields, onto: $0) } ?? snapshot.fields
        document(FirestoreDocument(name: database.name(of: snapshot.path), fields: fields,
                                   createTime: snapshot.createTime, updateTime: snapshot.updateTime))
    }

    mutating func member(_ key: String, first: Bool = false) {
        if !first { byte(",") }
        string(key)
        byte(":")
    }
}
