import Foundation

/// Decodes a generated model from a keyspace's hash (``RedisHashCoding``) without assembling a
/// JSON document: text, integers and booleans in the form `JSONSerialization` writes them are read
/// straight from each field's JSON; anything else (other numbers, timestamps, nested values,
/// lists, and any other spelling) through `JSONDecoder` on that field alone, so that the result
/// is always `JSONDecoder`'s. Only for models whose field tables decode them (keyed containers
/// only).
struct RedisHashDecoder: Decoder {
    let fields: [String: [UInt8]]
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Container<Key>(fields: fields, json: LazyJSONDecoder()))
    }

    /// A `JSONDecoder`, made the first time a field needs one.
    final class LazyJSONDecoder {
        lazy var decoder = JSONDecoder()
    }

    static let null = Array("null".utf8)
    static let `true` = Array("true".utf8)
    static let `false` = Array("false".utf8)

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "a keyspace value is a hash"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "a keyspace value is a hash"))
    }

    struct Container<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let fields: [String: [UInt8]]
        let json: LazyJSONDecoder
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { fields.keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { fields[key.stringValue] != nil }

        func decodeNil(forKey key: Key) throws -> Bool { try bytes(key) == RedisHashDecoder.null }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let bytes = try bytes(key)
            if T.self == String.self, let text = Self.plainString(bytes) { return text as! T }
            if T.self == Int.self, Self.isPlainInteger(bytes), let number = Int(String(decoding: bytes, as: UTF8.self)) { return number as! T }
            if T.self == Int64.self, Self.isPlainInteger(bytes), let number = Int64(String(decoding: bytes, as: UTF8.self)) { return number as! T }
            if T.self == Bool.self, bytes == RedisHashDecoder.true || bytes == RedisHashDecoder.false { return (bytes == RedisHashDecoder.true) as! T }
            do {
                return try json.decoder.decode(T.self, from: Data(bytes))
            } catch let error as DecodingError {
                // Report the field, not where inside its own JSON.
                throw DecodingError.dataCorrupted(.init(codingPath: [key], debugDescription: "", underlyingError: error))
            }
        }

        /// A JSON string with nothing after it and no raw control byte, read; nil otherwise.
        static func plainString(_ bytes: [UInt8]) -> String? {
            guard bytes.allSatisfy({ $0 >= 0x20 }) else { return nil }
            return bytes.withUnsafeBufferPointer { buffer in
                var parser = FirestoreJSON.Parser(bytes: buffer)
                guard let text = try? parser.string(), (try? parser.end()) != nil else { return nil }
                return text
            }
        }

        /// `-?(0|[1-9][0-9]*)`: an integer as JSON writes it.
        static func isPlainInteger(_ bytes: [UInt8]) -> Bool {
            let digits = bytes.first == UInt8(ascii: "-") ? bytes.dropFirst() : bytes[...]
            guard let first = digits.first, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return false }
            return first != UInt8(ascii: "0") || digits.count == 1
        }

        private func bytes(_ key: Key) throws -> [UInt8] {
            guard let bytes = fields[key.stringValue] else {
                throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: ""))
            }
            return bytes
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: [key], debugDescription: "decode the field as a whole"))
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "decode the field as a whole"))
        }

        func superDecoder() throws -> any Decoder { throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "")) }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw DecodingError.typeMismatch(Any.self, .init(codingPath: [key], debugDescription: "")) }
    }
}
