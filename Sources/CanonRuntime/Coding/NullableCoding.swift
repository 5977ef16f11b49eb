// Coding helpers that keep "absent" and "null" apart, used by generated `init(from:)` and
// `encode(to:)`.

extension KeyedDecodingContainer {
    /// A nullable field: the key must be present; null decodes as nil.
    public func decodeNullable<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard contains(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "nullable field '\(key.stringValue)' is missing"))
        }
        return try decodeNil(forKey: key) ? nil : decode(T.self, forKey: key)
    }

    /// A nullable field with a default: nil when absent (so the default applies), `.some(nil)`
    /// when null.
    public func decodeNullableIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T?? {
        guard contains(key) else { return nil }
        return .some(try decodeNil(forKey: key) ? nil : decode(T.self, forKey: key))
    }

    /// An optional nullable field: nil when absent, `.null` when null.
    public func decodeOptionalNullable<T: Decodable & Sendable>(_ type: T.Type, forKey key: Key) throws -> Nullable<T>? {
        guard contains(key) else { return nil }
        return try decodeNil(forKey: key) ? .null : .value(decode(T.self, forKey: key))
    }

    /// An optional nullable field with a default for when it is absent.
    public func decodeOptionalNullable<T: Decodable & Sendable>(
        _ type: T.Type, forKey key: Key, default value: Nullable<T>?
    ) throws -> Nullable<T>? {
        try decodeOptionalNullable(T.self, forKey: key) ?? value
    }
}

extension KeyedEncodingContainer {
    /// A nullable field: always writes the key, null for nil.
    public mutating func encodeNullable<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value {
            try encode(value, forKey: key)
        } else {
            try encodeNil(forKey: key)
        }
    }
}
