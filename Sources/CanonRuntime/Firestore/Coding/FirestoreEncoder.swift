import Foundation

/// Encodes `Encodable` values, generated models among them, into Firestore values.
///
/// Runtime value types become Firestore's own kinds: ``Timestamp`` and `Date` a timestamp,
/// ``Bytes`` and `Data` bytes, ``GeoPoint`` a geo point, ``DocumentReference`` a reference
/// (with the database's full resource name); `UUID` a lowercase string, `URL` its string.
/// ``DocumentID`` fields are left out: a document's ID is its name, not a field.
public struct FirestoreEncoder: Sendable {
    /// `projects/{project}/databases/{database}/documents`, prefixed to references.
    public var databaseRoot: String

    /// Creates an encoder for a database.
    public init(databaseRoot: String) {
        self.databaseRoot = databaseRoot
    }

    /// The fields of a document: the value must encode as a map.
    public func encodeFields<T: Encodable>(_ value: T) throws -> [String: FirestoreValue] {
        guard case .map(let fields) = try encodeValue(value) else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "a document encodes as a map of fields"))
        }
        return fields
    }

    /// Any value.
    public func encodeValue<T: Encodable>(_ value: T) throws -> FirestoreValue {
        let node = EncodingNode()
        try FirestoreValueEncoder(node: node, codingPath: [], databaseRoot: databaseRoot).box(value, into: node)
        return try node.finish(codingPath: [])
    }
}

/// A value under construction: containers write into nodes shared by reference.
final class EncodingNode {
    enum State {
        case empty
        case value(FirestoreValue)
        case map([String: EncodingNode])
        case array([EncodingNode])
    }

    var state: State = .empty

    func finish(codingPath: [any CodingKey]) throws -> FirestoreValue {
        switch state {
        case .empty:
            // A type that encoded nothing (for example an empty struct) is an empty map.
            return .map([:])
        case .value(let value):
            return value
        case .map(let children):
            var fields: [String: FirestoreValue] = [:]
            for (key, child) in children { fields[key] = try child.finish(codingPath: codingPath) }
            return .map(fields)
        case .array(let children):
            return .array(try children.map { try $0.finish(codingPath: codingPath) })
        }
    }

    func mapChild(_ key: String) -> EncodingNode {
        var children: [String: EncodingNode] = [:]
        if case .map(let existing) = state { children = existing }
        // Release the stored copy first, so the insert does not copy every earlier child.
        state = .empty
        let child = EncodingNode()
        children[key] = child
        state = .map(children)
        return child
    }

    func ensureMap() {
        if case .map = state { return }
        state = .map([:])
    }

    func appendChild() -> EncodingNode {
        var children: [EncodingNode] = []
        if case .array(let existing) = state { children = existing }
        state = .empty  // as in mapChild: no copy on append
        let child = EncodingNode()
        children.append(child)
        state = .array(children)
        return child
    }

    func ensureArray() {
        if case .array = state { return }
        state = .array([])
    }
}

struct FirestoreValueEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    let databaseRoot: String
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.ensureMap()
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.ensureArray()
        return UnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(encoder: self)
    }

    func child(_ node: EncodingNode, key: any CodingKey) -> FirestoreValueEncoder {
        FirestoreValueEncoder(node: node, codingPath: codingPath + [key], databaseRoot: databaseRoot)
    }

    /// Writes `value` into `node`, turning runtime and Foundation types into Firestore kinds.
    func box<T: Encodable>(_ value: T, into node: EncodingNode) throws {
        switch value {
        case let value as FirestoreValue: node.state = .value(value)
        case let value as Timestamp: node.state = .value(.timestamp(value))
        case let value as Date: node.state = .value(.timestamp(Timestamp(value)))
        case let value as Bytes: node.state = .value(.bytes(value))
        case let value as Data: node.state = .value(.bytes(Bytes(value)))
        case let value as GeoPoint: node.state = .value(.geoPoint(value))
        case let value as any AnyDocumentReference:
            // Checked as decoding checks it, so that a bad reference is never stored.
            do { _ = try type(of: value).init(path: value.path) } catch {
                throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(error)"))
            }
            node.state = .value(.reference(databaseRoot + "/" + value.path))
        case let value as UUID: node.state = .value(.string(value.uuidString.lowercased()))
        case let value as URL: node.state = .value(.string(value.absoluteString))
        default:
            try value.encode(to: FirestoreValueEncoder(node: node, codingPath: codingPath, databaseRoot: databaseRoot))
        }
    }

    static func integer<T: BinaryInteger>(_ value: T, codingPath: [any CodingKey]) throws -> FirestoreValue {
        guard let exact = Int64(exactly: value) else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(value) does not fit Firestore's 64-bit integers"))
        }
        return .integer(exact)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: FirestoreValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func set(_ value: FirestoreValue, _ key: Key) { encoder.node.mapChild(key.stringValue).state = .value(value) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.boolean(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(.double(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(try FirestoreValueEncoder.integer(value, codingPath: codingPath + [key]), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(try FirestoreValueEncoder.integer(value, codingPath: codingPath + [key]), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        // A document's ID is its name, not one of its fields.
        if value is any AnyDocumentID { return }
        try encoder.child(encoder.node, key: key).box(value, into: encoder.node.mapChild(key.stringValue))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = encoder.node.mapChild(key.stringValue)
        return encoder.child(child, key: key).container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = encoder.node.mapChild(key.stringValue)
        return encoder.child(child, key: key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        encoder.child(encoder.node.mapChild("super"), key: SuperKey())
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoder.child(encoder.node.mapChild(key.stringValue), key: key)
    }
}

private struct SuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) {}
    init?(intValue: Int) { nil }
}

struct IndexKey: CodingKey {
    let index: Int
    var stringValue: String { "\(index)" }
    var intValue: Int? { index }
    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.index = intValue }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: FirestoreValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int {
        if case .array(let children) = encoder.node.state { return children.count }
        return 0
    }

    private func append(_ value: FirestoreValue) { encoder.node.appendChild().state = .value(value) }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.boolean(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(.double(value)) }
    mutating func encode(_ value: Float) throws { append(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { append(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { append(.integer(value)) }
    mutating func encode(_ value: UInt64) throws { append(try FirestoreValueEncoder.integer(value, codingPath: codingPath + [IndexKey(count)])) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let key = IndexKey(count)
        try encoder.child(encoder.node, key: key).box(value, into: encoder.node.appendChild())
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let key = IndexKey(count)
        return encoder.child(encoder.node.appendChild(), key: key).container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let key = IndexKey(count)
        return encoder.child(encoder.node.appendChild(), key: key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let key = IndexKey(count)
        return encoder.child(encoder.node.appendChild(), key: key)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: FirestoreValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func set(_ value: FirestoreValue) { encoder.node.state = .value(value) }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.boolean(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(.double(value)) }
    mutating func encode(_ value: Float) throws { set(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: Int8) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: Int16) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: Int32) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { set(.integer(value)) }
    mutating func encode(_ value: UInt) throws { set(try FirestoreValueEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt8) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { set(try FirestoreValueEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoder.box(value, into: encoder.node) }
}
