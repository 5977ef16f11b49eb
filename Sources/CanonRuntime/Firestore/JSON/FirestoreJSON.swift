import Foundation

/// Reads and writes the REST API's JSON (proto3 JSON) directly as bytes: every request body the
/// client sends and every answer it reads.
///
/// No intermediate `Any` trees or keyed containers, which dominated the cost of a round trip
/// (see `Benchmarks/CodingBenchmark` and the `commit` mode of `LocalFirestore/Benchmarks/FirestoreBenchmark`).
public enum FirestoreJSON {
    // MARK: Writing

    /// A document as JSON.
    public static func data(for document: FirestoreDocument) -> Data {
        var writer = Writer()
        writer.document(document)
        return Data(writer.bytes)
    }

    /// A value as JSON.
    public static func data(for value: FirestoreValue) -> Data {
        var writer = Writer()
        writer.value(value)
        return Data(writer.bytes)
    }

    // MARK: Reading

    /// A document from JSON.
    public static func document(from data: Data) throws -> FirestoreDocument {
        try parse(data) { try $0.document() }
    }

    /// A value from JSON.
    public static func value(from data: Data) throws -> FirestoreValue {
        try parse(data) { try $0.value() }
    }

    /// Malformed JSON, or JSON that is not a Firestore document or value, with the byte offset.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What was wrong.
        public var message: String
        /// Where, in bytes from the start.
        public var offset: Int

        public var description: String { "invalid Firestore JSON at byte \(offset): \(message)" }
    }
}
