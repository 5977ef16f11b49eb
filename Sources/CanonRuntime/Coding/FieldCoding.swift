// Generic, non-overloaded coding entry points for generated `init(from:)` and `encode(to:)`.
//
// `KeyedDecodingContainer.decode` and `KeyedEncodingContainer.encode` have an overload per
// primitive type; calling them from generated code makes the type checker weigh every overload
// at every field. These single generic functions resolve at once, which keeps large generated
// modules quick to compile, and behave exactly like the generic requirements they forward to.
// They are deliberately not `@inlinable` (inlinable bodies are compiled again into every client),
// and defaults are plain values rather than `@autoclosure`s (each autoclosure is one more function
// for the compiler to generate per field): both cut the debug build of generated modules.

extension KeyedDecodingContainer {
    /// A field that must be present.
    public func decodeField<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decode(T.self, forKey: key)
    }

    /// A field that may be absent (or null): nil then.
    public func decodeFieldIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try decodeIfPresent(T.self, forKey: key)
    }

    /// A field with a default for when it is absent (or null).
    public func decodeField<T: Decodable>(_ type: T.Type, forKey key: Key, default value: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? value
    }

    /// An optional field with a default for when it is absent (or null).
    public func decodeFieldIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key, default value: T?) throws -> T? {
        try decodeIfPresent(T.self, forKey: key) ?? value
    }

    /// A nullable field with a default for when it is absent: null decodes as nil.
    public func decodeNullable<T: Decodable>(_ type: T.Type, forKey key: Key, default value: T?) throws -> T? {
        guard contains(key) else { return value }
        return try decodeNil(forKey: key) ? nil : decode(T.self, forKey: key)
    }
}

extension KeyedEncodingContainer {
    /// A field that is always written.
    public mutating func encodeField<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encode(value, forKey: key)
    }

    /// A field written only when it has a value.
    public mutating func encodeFieldIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        try encodeIfPresent(value, forKey: key)
    }
}

