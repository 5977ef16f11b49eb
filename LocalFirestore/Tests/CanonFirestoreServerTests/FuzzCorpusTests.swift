import CanonFirestoreAPI
import CanonRuntime
import CanonicalModels
import Foundation
import Testing

/// The seed corpus of the runtime's JSON fuzzer and of the server's request fuzzer
/// (`Fuzz/Corpus/`), and every input they found that broke something (kept there as
/// regressions), replayed as the fuzzers run them.
@Suite("Fuzz corpus: Firestore JSON and server requests")
struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus")

    static func inputs(_ target: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent(target).path)) ?? []).sorted()
    }

    static func bytes(_ target: String, _ name: String) throws -> Data {
        try Data(contentsOf: corpus.appendingPathComponent(target).appendingPathComponent(name))
    }

    @Test("each JSON input reads to a document that reads back the same once written, and decodes or fails typed", arguments: inputs("FuzzFirestoreJSON"))
    func json(name: String) throws {
        let data = try Self.bytes("FuzzFirestoreJSON", name)
        _ = try? FirestoreJSON.value(from: data)
        _ = FirestoreError.fromResponse(httpStatus: 400, body: data)
        guard let document = try? FirestoreJSON.document(from: data) else { return }
        #expect(try FirestoreJSON.document(from: FirestoreJSON.data(for: document)) == document)
        for type in [Casefile.self, CasefileNote.self, ToolSession.self, ToolRequest.self, ChatSession.self, UserContext.self] as [any Codable.Type] {
            Self.roundTrip(type, document)
        }
    }

    /// As `FuzzFirestoreJSON` does: decoded through the field table, encoded back through it.
    static func roundTrip<Model: Codable>(_ type: Model.Type, _ document: FirestoreDocument) {
        let root = "projects/p/databases/(default)/documents"
        guard let model = try? FirestoreDecoder(databaseRoot: root).decode(Model.self, from: document) else { return }
        _ = try? FirestoreEncoder(databaseRoot: root).encodeFields(model)
    }

    @Test("the seed documents read, and one decodes into its model")
    func seeds() throws {
        let document = try FirestoreJSON.document(from: try Self.bytes("FuzzFirestoreJSON", "document.json"))
        let casefile = try FirestoreDecoder(databaseRoot: "projects/p/databases/(default)/documents").decode(Casefile.self, from: document)
        #expect(casefile.title == "Printer" && casefile.tags == ["hw"])
        #expect(Self.inputs("FuzzServerRequests").count >= 8)
    }

    @Test("each request input gets an answer, and the API keeps serving", arguments: inputs("FuzzServerRequests"))
    func request(name: String) async throws {
        let api = FirestoreAPI.inMemory()
        let bytes = [UInt8](try Self.bytes("FuzzServerRequests", name))
        let request = FuzzRequest.decode(bytes)
        let status = await api.handle(request).status
        #expect((200..<600).contains(status))
        let probe = await api.handle(APIRequest(method: "GET", path: "/v1/projects/fuzz/databases/(default)/documents/rooms/zz"))
        #expect(probe.status == 404)
    }
}

/// How `FuzzServerRequests` turns bytes into a request (kept in step with
/// `Fuzz/Sources/FuzzServerRequests`).
enum FuzzRequest {
    static let routes: [(method: String, prefix: String)] = [
        ("POST", "/v1/projects/fuzz/databases/(default)/documents:"),
        ("POST", "/v1/projects/fuzz/databases/(default)/documents/"),
        ("PATCH", "/v1/projects/fuzz/databases/(default)/documents/rooms/"),
        ("GET", "/v1/projects/fuzz/databases/(default)/documents/rooms/"),
        ("DELETE", "/v1/projects/fuzz/databases/(default)/documents/rooms/"),
        ("POST", "/v1/projects/fuzz/databases/(default)/documents/rooms/a:"),
        ("GET", "/v1/"),
        ("DELETE", "/emulator/v1/projects/fuzz/databases/"),
    ]

    static func decode(_ bytes: [UInt8]) -> APIRequest {
        guard let first = bytes.first else { return APIRequest(method: "GET", path: "/") }
        let route = routes[Int(first) % routes.count]
        let rest = bytes.dropFirst()
        let newline = rest.firstIndex(of: 0x0A) ?? rest.endIndex
        var path = route.prefix + String(decoding: rest[..<newline], as: UTF8.self)
        var query: [(name: String, value: String)] = []
        if let mark = path.firstIndex(of: "?") {
            query = APIRequest.parseQuery(String(path[path.index(after: mark)...]))
            path = String(path[..<mark])
        }
        let body = newline < rest.endIndex ? Array(rest[rest.index(after: newline)...]) : []
        return APIRequest(method: route.method, path: path, query: query, body: body)
    }
}
