import Foundation

/// Decodes Firestore values into `Decodable` types, generated models among them: the inverse
/// of ``FirestoreEncoder``. A ``DocumentID`` field takes the ID from the document's name.
public struct FirestoreDecoder: Sendable {
    /// `projects/{project}/databases/{database}/documents`, removed from references.
    public var databaseRoot: String

    /// Creates a decoder for a database.
    public init(databaseRoot: String) {
        self.databaseRoot = databaseRoot
    }

    /// A document, with its ID taken from its name.
    public func decode<T: Decodable>(_ type: T.Type, from document: FirestoreDocument) throws -> T {
        try T(from: FirestoreValueDecoder(value: .map(document.fields), codingPath: [], documentID: document.documentID,
                                          databaseRoot: databaseRoot))
    }

    /// Any value.
    public func decode<T: Decodable>(_ type: T.Type, from value: FirestoreValue, documentID: String? = nil) throws -> T {
        let decoder = FirestoreValueDecoder(value: value, codingPath: [], documentID: documentID, databaseRoot: databaseRoot)
        return try decoder.unbox(value, as: T.self, codingPath: [])
    }
}

struct FirestoreValueDecoder: Decoder {
    let value: FirestoreValue
    let codingPath: [any CodingKey]
    let documentID: String?
    let databaseRoot: String
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .map(let fields) = value else { throw mismatch(expected: "a map", value, codingPath) }
        return KeyedDecodingContainer(KeyedContainer<Key>(decoder: self, fields: fields))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let values) = value else { throw mismatch(expected: "an array", value, codingPath) }
        return UnkeyedContainer(decoder: self, values: values)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleContainer(decoder: self)
    }

    func child(_ value: FirestoreValue, _ key: any CodingKey) -> FirestoreValueDecoder {
        FirestoreValueDecoder(value: value, codingPath: codingPath + [key], documentID: documentID, databaseRoot: databaseRoot)
    }

    /// Reads `value` as `T`, turning Firestore kinds into runtime and Foundation types.
    func unbox<T: Decodable>(_ value: FirestoreValue, as type: T.Type, codingPath: [any CodingKey]) throws -> T {
        switch (type, value) {
        case (is FirestoreValue.Type, _): return value as! T
        case (is Timestamp.Type, .timestamp(let timestamp)): return timestamp as! T
        case (is Date.Type, .timestamp(let timestamp)): return timestamp.date as! T
        case (is Bytes.Type, .bytes(let bytes)): return bytes as! T
        case (is Data.Type, .bytes(let bytes)): return bytes.data as! T
        case (is GeoPoint.Type, .geoPoint(let point)): return point as! T
        case (let reference as any AnyDocumentReference.Type, .reference(let name)):
            do {
                return try reference.init(path: try relativePath(name, codingPath: codingPath)) as! T
            } catch let error as RepositoryError {
                throw corrupted("\(error)", codingPath)
            }
        case (is UUID.Type, .string(let text)):
            guard let uuid = UUID(uuidString: text) else { throw corrupted("'\(text)' is not a UUID", codingPath) }
            return uuid as! T
        case (is URL.Type, .string(let text)):
            guard let url = URL(string: text) else { throw corrupted("'\(text)' is not a URL", codingPath) }
            return url as! T
        case (is Timestamp.Type, _), (is Date.Type, _): throw mismatch(expected: "a timestamp", value, codingPath)
        case (is Bytes.Type, _), (is Data.Type, _): throw mismatch(expected: "bytes", value, codingPath)
        case (is GeoPoint.Type, _): throw mismatch(expected: "a geo point", value, codingPath)
        case (is any AnyDocumentReference.Type, _): throw mismatch(expected: "a reference", value, codingPath)
        default:
            return try T(from: FirestoreValueDecoder(value: value, codingPath: codingPath, documentID: documentID, databaseRoot: databaseRoot))
        }
    }

    private func relativePath(_ name: String, codingPath: [any CodingKey]) throws -> String {
        let prefix = databaseRoot + "/"
        guard name.hasPrefix(prefix) else { throw corrupted("reference '\(name)' is not in database '\(databaseRoot)'", codingPath) }
        return String(name.dropFirst(prefix.count))
    }

    // MARK: Scalars

    func bool(_ value: FirestoreValue, _ path: [any CodingKey]) throws -> Bool {
        guard case .boolean(let flag) = value else { throw mismatch(expected: "a boolean", value, path) }
        return flag
    }

    func string(_ value: FirestoreValue, _ path: [any CodingKey]) throws -> String {
        guard case .string(let text) = value else { throw mismatch(expected: "a string", value, path) }
        return text
    }

    func double(_ value: FirestoreValue, _ path: [any CodingKey]) throws -> Double {
        switch value {
        case .double(let number): return number
        case .integer(let number): return Double(number)
        default: throw mismatch(expected: "a number", value, path)
        }
    }

    func integer<T: FixedWidthInteger>(_ value: FirestoreValue, _ type: T.Type, _ path: [any CodingKey]) throws -> T {
        switch value {
        case .integer(let number):
            guard let exact = T(exactly: number) else { throw corrupted("\(number) does not fit \(T.self)", path) }
            return exact
        case .double(let number):
            // Firestore keeps one number order; a whole double still reads as an integer.
            guard let exact = T(exactly: number) else { throw corrupted("\(number) is not a whole \(T.self)", path) }
            return exact
        default:
            throw mismatch(expected: "an integer", value, path)
        }
    }

    func mismatch(expected: String, _ value: FirestoreValue, _ path: [any CodingKey]) -> DecodingError {
        .typeMismatch(Any.self, .init(codingPath: path, debugDescription: "expected \(expected), found \(value.kindName)"))
    }

    func corrupted(_ message: String, _ path: [any CodingKey]) -> DecodingError {
        .dataCorrupted(.init(codingPath: path, debugDescription: message))
    }
}

extension FirestoreValue {
    /// The kind's name, for messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .boolean: "a boolean"
        case .integer: "an integer"
        case .double: "a double"
        case .timestamp: "a timestamp"
        case .string: "a string"
        case .bytes: "bytes"
        case .reference: "a reference"
        case .geoPoint: "a geo point"
        case .array: "an array"
        case .map: "a map"
        }
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: FirestoreValueDecoder
    let fields: [String: FirestoreValue]
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { fields.keys.sorted().compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { fields[key.stringValue] != nil }

    private func field(_ key: Key) throws -> FirestoreValue {
        guard let value = fields[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no field '\(key.stringValue)'"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try field(key) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder.bool(field(key), codingPath + [key]) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder.string(field(key), codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder.double(field(key), codingPath + [key]) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try decoder.double(field(key), codingPath + [key])) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder.integer(field(key), Int.self, codingPath + [key]) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder.integer(field(key), Int8.self, codingPath + [key]) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder.integer(field(key), Int16.self, codingPath + [key]) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder.integer(field(key), Int32.self, codingPath + [key]) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder.integer(field(key), Int64.self, codingPath + [key]) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder.integer(field(key), UInt.self, codingPath + [key]) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder.integer(field(key), UInt8.self, codingPath + [key]) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder.integer(field(key), UInt16.self, codingPath + [key]) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder.integer(field(key), UInt32.self, codingPath + [key]) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder.integer(field(key), UInt64.self, codingPath + [key]) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        // A document's ID is its name, not one of its fields.
        if let idType = T.self as? any AnyDocumentID.Type {
            guard let documentID = decoder.documentID else {
                throw DecodingError.valueNotFound(T.self, .init(codingPath: codingPath + [key], debugDescription: "the document has no name to take its ID from"))
            }
            return idType.init(rawValue: documentID) as! T
        }
        return try decoder.unbox(try field(key), as: T.self, codingPath: codingPath + [key])
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = fields[key.stringValue], value != .null else { return nil }
        return try decoder.unbox(value, as: T.self, codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(field(key), key).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(field(key), key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        decoder.child(fields["super"] ?? .null, IndexKey(0))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.child(fields[key.stringValue] ?? .null, key)
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: FirestoreValueDecoder
    let values: [FirestoreValue]
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { values.count }
    var isAtEnd: Bool { currentIndex >= values.count }

    init(decoder: FirestoreValueDecoder, values: [FirestoreValue]) {
        self.decoder = decoder
        self.values = values
    }

    private mutating func next() throws -> (FirestoreValue, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "the array has no more elements"))
        }
        defer { currentIndex += 1 }
        return (values[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, values[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { let (v, p) = try next(); return try decoder.bool(v, p) }
    mutating func decode(_ type: String.Type) throws -> String { let (v, p) = try next(); return try decoder.string(v, p) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (v, p) = try next(); return try decoder.double(v, p) }
    mutating func decode(_ type: Int.Type) throws -> Int { let (v, p) = try next(); return try decoder.integer(v, Int.self, p) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { let (v, p) = try next(); return try decoder.integer(v, Int64.self, p) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next()
        return try decoder.unbox(value, as: T.self, codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next()
        return try decoder.child(value, path.last!).container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next()
        return try decoder.child(value, path.last!).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next()
        return decoder.child(value, path.last!)
    }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let decoder: FirestoreValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.bool(decoder.value, codingPath) }
    func decode(_ type: String.Type) throws -> String { try decoder.string(decoder.value, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.double(decoder.value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.double(decoder.value, codingPath)) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.integer(decoder.value, Int.self, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.integer(decoder.value, Int8.self, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.integer(decoder.value, Int16.self, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.integer(decoder.value, Int32.self, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.integer(decoder.value, Int64.self, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.integer(decoder.value, UInt.self, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.integer(decoder.value, UInt8.self, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.integer(decoder.value, UInt16.self, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.integer(decoder.value, UInt32.self, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.integer(decoder.value, UInt64.self, codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let idType = T.self as? any AnyDocumentID.Type, case .string(let text) = decoder.value {
            return idType.init(rawValue: text) as! T
        }
        return try decoder.unbox(decoder.value, as: T.self, codingPath: codingPath)
    }
}
