import Foundation

/// Decodes a model from a keyspace's hash (``RedisHashCoding``) without assembling a JSON
/// document: text, integers, booleans and doubles are read straight from each field's JSON,
/// anything else (timestamps, nested values, lists) through `JSONDecoder` on that field alone.
struct RedisHashDecoder: Decoder {
    let fields: [String: [UInt8]]
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Container<Key>(fields: fields, json: JSONDecoder()))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "a keyspace value is a hash"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "a keyspace value is a hash"))
    }

    struct Container<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let fields: [String: [UInt8]]
        let json: JSONDecoder
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { fields.keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { fields[key.stringValue] != nil }

        func decodeNil(forKey key: Key) throws -> Bool { try bytes(key) == Array("null".utf8) }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let bytes = try bytes(key)
            let context = DecodingError.Context(codingPath: [key], debugDescription: "")
            switch type {
            case is String.Type:
                let text: String? = bytes.withUnsafeBufferPointer { buffer in
                    var parser = FirestoreJSON.Parser(bytes: buffer)
                    return try? parser.string()
                }
                guard let text else { throw DecodingError.typeMismatch(String.self, context) }
                return text as! T
            case is Int.Type:
                guard let number = Int(String(decoding: bytes, as: UTF8.self)) else { throw DecodingError.typeMismatch(Int.self, context) }
                return number as! T
            case is Int64.Type:
                guard let number = Int64(String(decoding: bytes, as: UTF8.self)) else { throw DecodingError.typeMismatch(Int64.self, context) }
                return number as! T
            case is Bool.Type:
                switch String(decoding: bytes, as: UTF8.self) {
                case "true": return true as! T
                case "false": return false as! T
                default: throw DecodingError.typeMismatch(Bool.self, context)
                }
            default:
                do {
                    return try json.decode(T.self, from: Data(bytes))
                } catch let error as DecodingError {
                    // Report the field, not where inside its own JSON.
                    throw DecodingError.dataCorrupted(.init(codingPath: [key], debugDescription: "", underlyingError: error))
                }
            }
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
