import Foundation

/// Raw bytes, as Firestore stores them. Encodes to plain JSON as standard base64.
public struct Bytes: Sendable, Hashable, StringCoded, CustomStringConvertible {
    /// The bytes.
    public var data: Data

    /// Wraps `data`.
    public init(_ data: Data) { self.data = data }

    /// Copies `bytes`.
    public init(_ bytes: [UInt8]) { self.data = Data(bytes) }

    /// Decodes standard base64; nil when malformed.
    public init?(base64: String) {
        guard let data = Data(base64Encoded: base64) else { return nil }
        self.data = data
    }

    /// The number of bytes.
    public var count: Int { data.count }

    /// Standard base64 with padding.
    public var base64: String { data.base64EncodedString() }

    public var description: String { "\(data.count) bytes" }

    public init?(codedString: String) { self.init(base64: codedString) }

    public var codedString: String { base64 }
}
