/// One entry of a ``FieldTable``: a stored property, its storage key and older keys, and how it
/// is coded, compared and hashed.
///
/// Each works on the property in place, at its offset in the model's memory, found once from the
/// key path. The work itself is closures made by the `@inlinable` kinds below: a debug build of a
/// generated module calls the runtime's generic copies, while an optimized build specializes
/// them for each property's type (no generic value witnesses or metadata look-ups per field).
@usableFromInline
final class StoredField<Model>: @unchecked Sendable {  // every stored property is a let
    @usableFromInline typealias Decode = @Sendable (StoredField, KeyedDecodingContainer<FieldKey>, UnsafeMutableRawPointer) throws -> Void
    @usableFromInline typealias Encode = @Sendable (StoredField, UnsafeRawPointer, inout KeyedEncodingContainer<FieldKey>) throws -> Void
    @usableFromInline typealias Equal = @Sendable (Int, UnsafeRawPointer, UnsafeRawPointer) -> Bool
    @usableFromInline typealias Hash = @Sendable (Int, UnsafeRawPointer, inout Hasher) -> Void
    @usableFromInline typealias Deinitialize = @Sendable (Int, UnsafeMutableRawPointer) -> Void

    let keyPath: PartialKeyPath<Model>
    @usableFromInline let key: FieldKey
    /// `key`, then older keys read in order when it is absent.
    @usableFromInline let keys: [FieldKey]
    @usableFromInline let offset: Int
    let valueType: Any.Type
    /// A nullable, not optional, property: nil is written as null rather than as no key.
    let writesNilAsNull: Bool
    /// For a property of an embedded type: that type's storage paths, relative to it.
    @usableFromInline typealias NestedPaths = @Sendable () -> [(keyPath: AnyKeyPath, keys: [String], writesNilAsNull: Bool)]
    let nestedPaths: NestedPaths?
    @usableFromInline let decode: Decode
    @usableFromInline let encode: Encode
    @usableFromInline let equal: Equal
    @usableFromInline let hash: Hash
    @usableFromInline let deinitialize: Deinitialize

    @usableFromInline
    init<Value>(_ keyPath: KeyPath<Model, Value>, _ key: StaticString, writesNilAsNull: Bool = false, nestedPaths: NestedPaths? = nil,
                decode: @escaping Decode, encode: @escaping Encode, equal: @escaping Equal, hash: @escaping Hash,
                deinitialize: @escaping Deinitialize) {
        guard let offset = MemoryLayout<Model>.offset(of: keyPath) else {
            preconditionFailure("FieldTable<\(Model.self)>: '\(key)' is not a stored property")
        }
        self.keyPath = keyPath
        self.key = FieldKey(key)
        self.keys = [self.key]
        self.offset = offset
        self.valueType = Value.self
        self.writesNilAsNull = writesNilAsNull
        self.nestedPaths = nestedPaths
        self.decode = decode
        self.encode = encode
        self.equal = equal
        self.hash = hash
        self.deinitialize = deinitialize
    }

    private init(copying field: StoredField, keys: [FieldKey]) {
        keyPath = field.keyPath
        key = field.key
        self.keys = keys
        offset = field.offset
        valueType = field.valueType
        writesNilAsNull = field.writesNilAsNull
        nestedPaths = field.nestedPaths
        decode = field.decode
        encode = field.encode
        equal = field.equal
        hash = field.hash
        deinitialize = field.deinitialize
    }

    /// The same field, read from `keys` (its own key first, then older ones).
    func withKeys(_ keys: [FieldKey]) -> StoredField { StoredField(copying: self, keys: keys) }
}

// MARK: The kinds of field

extension StoredField {
    /// A property that is always present: `Value`, never nil. Decoding reads the first key
    /// present, then falls back to the default; without one, the current key's error is thrown.
    @inlinable
    static func required<Value: Codable & Hashable & Sendable>(_ keyPath: KeyPath<Model, Value>, _ key: StaticString, default defaultValue: Value?) -> StoredField {
        StoredField(keyPath, key, nestedPaths: nestedPaths(of: Value.self), decode: { field, container, model in
            let value: Value
            if field.keys.count == 1, defaultValue == nil {
                value = try container.decode(Value.self, forKey: field.key)
            } else if let present = try firstPresent(Value.self, of: field, in: container) {
                value = present
            } else if let defaultValue {
                value = defaultValue
            } else {
                value = try container.decode(Value.self, forKey: field.key)  // the error the current key gives
            }
            (model + field.offset).assumingMemoryBound(to: Value.self).initialize(to: value)
        }, encode: { field, model, container in
            try container.encode(property(Value.self, field.offset, model).pointee, forKey: field.key)
        }, equal: { offset, lhs, rhs in
            property(Value.self, offset, lhs).pointee == property(Value.self, offset, rhs).pointee
        }, hash: { offset, model, hasher in
            hasher.combine(property(Value.self, offset, model).pointee)
        }, deinitialize: { offset, model in
            (model + offset).assumingMemoryBound(to: Value.self).deinitialize(count: 1)
        })
    }

    /// A property of type `Value?`. Optional: an absent key is nil (or the default), and nil is
    /// written as no key. Nullable: null is nil, nil is written as null, and an absent key is the
    /// default or, without one, an error.
    @inlinable
    static func optional<Value: Codable & Hashable & Sendable>(_ keyPath: KeyPath<Model, Value?>, _ key: StaticString, nullable: Bool,
                                                               default defaultValue: Value??) -> StoredField {
        StoredField(keyPath, key, writesNilAsNull: nullable, decode: { field, container, model in
            let value: Value?
            if nullable, let present = try firstPresentOrNull(Value.self, of: field, in: container) {
                value = present
            } else if !nullable, let present = try firstPresent(Value.self, of: field, in: container) {
                value = present
            } else if let defaultValue {
                value = defaultValue
            } else if nullable {
                throw DecodingError.keyNotFound(field.key, .init(codingPath: container.codingPath,
                                                                 debugDescription: "nullable field '\(field.key.stringValue)' is missing"))
            } else {
                value = nil
            }
            (model + field.offset).assumingMemoryBound(to: Value?.self).initialize(to: value)
        }, encode: { field, model, container in
            if let value = property(Value?.self, field.offset, model).pointee {
                try container.encode(value, forKey: field.key)
            } else if nullable {
                try container.encodeNil(forKey: field.key)
            }
        }, equal: { offset, lhs, rhs in
            property(Value?.self, offset, lhs).pointee == property(Value?.self, offset, rhs).pointee
        }, hash: { offset, model, hasher in
            hasher.combine(property(Value?.self, offset, model).pointee)
        }, deinitialize: { offset, model in
            (model + offset).assumingMemoryBound(to: Value?.self).deinitialize(count: 1)
        })
    }

    /// A property of type `Nullable<Value>?`: nil when absent (or the default), `.null` when
    /// stored as null.
    @inlinable
    static func optionalNullable<Value: Codable & Hashable & Sendable>(_ keyPath: KeyPath<Model, Nullable<Value>?>, _ key: StaticString,
                                                                       default defaultValue: Nullable<Value>?) -> StoredField {
        StoredField(keyPath, key, decode: { field, container, model in
            let value: Nullable<Value>? = switch try firstPresentOrNull(Value.self, of: field, in: container) {
            case nil: defaultValue
            case .some(nil): .null
            case .some(.some(let value)): .value(value)
            }
            (model + field.offset).assumingMemoryBound(to: Nullable<Value>?.self).initialize(to: value)
        }, encode: { field, model, container in
            switch property(Nullable<Value>?.self, field.offset, model).pointee {
            case nil: break
            case .null?: try container.encodeNil(forKey: field.key)
            case .value(let value)?: try container.encode(value, forKey: field.key)
            }
        }, equal: { offset, lhs, rhs in
            property(Nullable<Value>?.self, offset, lhs).pointee == property(Nullable<Value>?.self, offset, rhs).pointee
        }, hash: { offset, model, hasher in
            hasher.combine(property(Nullable<Value>?.self, offset, model).pointee)
        }, deinitialize: { offset, model in
            (model + offset).assumingMemoryBound(to: Nullable<Value>?.self).deinitialize(count: 1)
        })
    }
}

// MARK: Helpers of the kinds

extension StoredField {
    /// The storage paths inside `Value` when it is an embedded type; read when the table is built.
    @usableFromInline
    static func nestedPaths<Value>(of type: Value.Type) -> NestedPaths? {
        guard let embedded = type as? any FieldTableModel.Type else { return nil }
        return { embedded.storagePaths.map { ($0.keyPath, $0.keys, $0.writesNilAsNull) } }
    }

    /// The property inside a model at `model`, read in place through `pointee` (no copy).
    @inlinable
    static func property<Value>(_ type: Value.Type, _ offset: Int, _ model: UnsafeRawPointer) -> UnsafePointer<Value> {
        (model + offset).assumingMemoryBound(to: Value.self)
    }

    /// The value under the first of the field's keys that holds one; null counts as absent.
    @inlinable
    static func firstPresent<Value: Decodable>(_ type: Value.Type, of field: StoredField,
                                               in container: KeyedDecodingContainer<FieldKey>) throws -> Value? {
        for key in field.keys {
            if let value = try container.decodeIfPresent(Value.self, forKey: key) { return value }
        }
        return nil
    }

    /// For the first of the field's keys present: `.some(nil)` if it holds null, else its value;
    /// nil when no key is present.
    @inlinable
    static func firstPresentOrNull<Value: Decodable>(_ type: Value.Type, of field: StoredField,
                                                     in container: KeyedDecodingContainer<FieldKey>) throws -> Value?? {
        for key in field.keys where container.contains(key) {
            return .some(try container.decodeNil(forKey: key) ? nil : container.decode(Value.self, forKey: key))
        }
        return nil
    }
}
