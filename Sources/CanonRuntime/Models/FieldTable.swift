@_spi(Reflection) import Swift

/// A generated model's stored properties, in declaration order, each with its storage key, older
/// keys, default and presence rule. The model's `init(from:)`, `encode(to:)`, `==` and
/// `hash(into:)` are one call each into its table.
///
/// Generated models describe their fields once, as data, instead of spelling out four functions
/// field by field: in a debug build most of a model's cost is the machine code of those functions,
/// so a model described by a table compiles in a fraction of the time (see the compile benchmark
/// in the README). The runtime reads and writes each property in place at its offset, found once
/// from the property's key path (`CodingBenchmark` sets its `==` and hashing beside the same work
/// written out field by field).
///
/// ```swift
/// @_spi(Generated)
/// extension Casefile: CanonRuntime.FieldTableModel {
///     public static let storedFields = CanonRuntime.FieldTable<Casefile> { fields in
///         fields.documentID(\.id, "id")
///         fields.field(\.status, "status", default: .open)
///         fields.optional(\.summary, "abstract")
///         fields.alias("summary_text", of: \.summary)
///         fields.nullable(\.dueAt, "due_at", default: nil)
///     }
/// }
/// ```
///
/// The table must name every stored property of `Model`, a struct, exactly once, because decoding
/// builds the value property by property; ``init(_:)`` checks that against the type's layout (from
/// its reflection metadata, which Swift emits unless told not to) and stops the program if not.
@_spi(Generated)
public struct FieldTable<Model>: @unchecked Sendable {  // immutable once built, and its fields too
    @usableFromInline let fields: [StoredField<Model>]
    private let pathsByKeyPath: [AnyKeyPath: FieldStoragePath]
    /// The document ID's key paths: its field, and an `id` accessor when the field has another name.
    private let documentIDs: Set<AnyKeyPath>
    /// The keys a save writes, then the older keys it removes: every field's but the document ID's.
    public let storedKeys: [String]

    /// Builds the table that `describe` fills in.
    public init(_ describe: (inout Builder) -> Void) {
        var builder = Builder()
        describe(&builder)
        // Fresh fields, so that a copy of the builder kept by `describe` cannot change the table.
        fields = builder.fields.map { field in field.withKeys([field.key] + (builder.aliases[field.keyPath] ?? [])) }
        // The document ID is the document's name, not one of its fields.
        let stored = fields.filter { $0.keyPath != builder.documentID }
        documentIDs = Set(([builder.documentID] + builder.documentIDAccessors).compactMap { $0 })
        var paths: [AnyKeyPath: FieldStoragePath] = [:]
        for field in stored {
            let key = field.key.stringValue
            paths[field.keyPath] = FieldStoragePath(keyPath: field.keyPath, keys: [key], writesNilAsNull: field.writesNilAsNull)
            // Properties of an embedded type, reached through this one.
            for inner in field.nestedPaths?() ?? [] {
                guard let keyPath = field.keyPath.appending(path: inner.keyPath) else { continue }
                paths[keyPath] = FieldStoragePath(keyPath: keyPath, keys: [key] + inner.keys, writesNilAsNull: inner.writesNilAsNull)
            }
        }
        pathsByKeyPath = paths
        storedKeys = stored.map(\.key.stringValue) + stored.flatMap { $0.keys.dropFirst().map(\.stringValue) }
        Self.checkLayout(of: fields)
    }

    /// Describes a model's fields to a ``FieldTable``.
    public struct Builder {
        @usableFromInline var fields: [StoredField<Model>] = []
        var aliases: [PartialKeyPath<Model>: [FieldKey]] = [:]
        @usableFromInline var documentID: PartialKeyPath<Model>?
        var documentIDAccessors: [PartialKeyPath<Model>] = []

        init() {}

        /// The document ID: coded like a required field, but in Firestore the document's name, so
        /// it has no storage key among the document's fields.
        @inlinable
        public mutating func documentID<Value: Codable & Hashable & Sendable>(_ keyPath: KeyPath<Model, Value>, _ key: StaticString) {
            fields.append(.required(keyPath, key, default: nil))
            documentID = keyPath
        }

        /// A required field: decoding fails when its key is absent.
        @inlinable
        public mutating func field<Value: Codable & Hashable & Sendable>(_ keyPath: KeyPath<Model, Value>, _ key: StaticString) {
            fields.append(.required(keyPath, key, default: nil))
        }

        /// A required field with a default, used when its key is absent (or null).
        @inlinable
        public mutating func field<Value: Codable & Hashable & Sendable>(_ keyPath: KeyPath<Model, Value>, _ key: StaticString, default value: Value) {
            fields.append(.required(keyPath, key, default: value))
        }

        /// An optional field: `nil` when its key is absent, and then written as no key.
        @inlinable
        public mutating func optional<Value: Codable & Hashable & Sendable>(_ keyPath: KeyPath<Model, Value?>, _ key: StaticString) {
            fields.append(.optional(keyPath, key, nullable: false, default: nil))
        }

        /// An optional field with a default, used when its key is absent.
        @inlinable
        public mutating func optional<Value: Codable & Hashable & Sendable>(_ keyPath: KeyPath<Model, Value?>, _ key: StaticString, default value: Value?) {
            fields.append(.optional(keyPath, key, nullable: false, default: .some(value)))
        }

        /// A nullable field: always stored, `nil` as null; decoding fails when its key is absent.
        @inlinable
        public mutating func nullable<Value: Codable & Hashable & Sendable>(_ keyPath: KeyPath<Model, Value?>, _ key: StaticString) {
            fields.append(.optional(keyPath, key, nullable: true, default: nil))
        }

        /// A nullable field with a default, used when its key is absent.
        @inlinable
        public mutating func nullable<Value: Codable & Hashable & Sendable>(_ keyPath: KeyPath<Model, Value?>, _ key: StaticString, default value: Value?) {
            fields.append(.optional(keyPath, key, nullable: true, default: .some(value)))
        }

        /// An optional and nullable field: `nil` when absent, ``Nullable/null`` when stored as null.
        @inlinable
        public mutating func optionalNullable<Value: Codable & Hashable & Sendable>(_ keyPath: KeyPath<Model, Nullable<Value>?>, _ key: StaticString) {
            fields.append(.optionalNullable(keyPath, key, default: nil))
        }

        /// An optional and nullable field with a default, used when its key is absent.
        @inlinable
        public mutating func optionalNullable<Value: Codable & Hashable & Sendable>(_ keyPath: KeyPath<Model, Nullable<Value>?>, _ key: StaticString,
                                                                                     default value: Nullable<Value>?) {
            fields.append(.optionalNullable(keyPath, key, default: value))
        }

        /// A computed property that reads and writes the document ID (a stored model's `id`, when
        /// its ID field has another name): typed queries take it for the document ID too.
        public mutating func documentIDAccessor(_ keyPath: PartialKeyPath<Model>) {
            documentIDAccessors.append(keyPath)
        }

        /// An older key of the field at `keyPath`: read, in the order given, when the field's own
        /// key is absent, and never written.
        public mutating func alias(_ key: StaticString, of keyPath: PartialKeyPath<Model>) {
            guard fields.contains(where: { $0.keyPath == keyPath }) else {
                preconditionFailure("FieldTable<\(Model.self)>: alias '\(key)' names a property the table does not have")
            }
            aliases[keyPath, default: []].append(FieldKey(key))
        }
    }

    /// The key a stored property is written under among a document's fields; nil for the
    /// document ID and for anything that is not a stored property.
    public func storageKey(for keyPath: PartialKeyPath<Model>) -> String? {
        guard let path = pathsByKeyPath[keyPath], path.keys.count == 1 else { return nil }
        return path.keys[0]
    }

    /// Where a stored property is kept, directly or inside embedded types (`\.owner.userId` →
    /// `owner.user_id`); nil for the document ID and for anything that is not a stored property.
    public func storagePath(for keyPath: AnyKeyPath) -> FieldStoragePath? { pathsByKeyPath[keyPath] }

    /// Whether the key path names the document ID.
    public func isDocumentID(_ keyPath: AnyKeyPath) -> Bool { documentIDs.contains(keyPath) }

    /// Every stored property, and those of the embedded types it holds, with where it is kept; in
    /// no particular order.
    public var storagePaths: [FieldStoragePath] { Array(pathsByKeyPath.values) }

    /// Decodes a model: every field from its key, or an alias, or its default.
    ///
    /// - Throws: the `DecodingError` of the first field that cannot be decoded.
    @inlinable
    public func decode(from decoder: any Decoder) throws -> Model {
        let container = try decoder.container(keyedBy: FieldKey.self)
        return try withUnsafeTemporaryAllocation(of: Model.self, capacity: 1) { buffer in
            let base = UnsafeMutableRawPointer(buffer.baseAddress!)
            var decoded = 0
            do {
                while decoded < fields.count {
                    try fields[decoded].decode(fields[decoded], container, base)
                    decoded += 1
                }
            } catch {
                for field in fields[..<decoded] { field.deinitialize(field.offset, base) }
                throw error
            }
            return buffer.baseAddress!.move()  // every stored property is initialized (checkLayout)
        }
    }

    /// Encodes a model: absent optional fields write no key, nil nullable fields write null.
    @inlinable
    public func encode(_ model: Model, to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldKey.self)
        try withUnsafePointer(to: model) { pointer in
            let base = UnsafeRawPointer(pointer)
            for field in fields { try field.encode(field, base, &container) }
        }
    }

    /// Whether every stored property of the two models is equal.
    @inlinable
    public func equal(_ lhs: Model, _ rhs: Model) -> Bool {
        withUnsafePointer(to: lhs) { lhs in
            withUnsafePointer(to: rhs) { rhs in
                fields.allSatisfy { $0.equal($0.offset, UnsafeRawPointer(lhs), UnsafeRawPointer(rhs)) }
            }
        }
    }

    /// Feeds every stored property to `hasher`, in declaration order.
    @inlinable
    public func hash(_ model: Model, into hasher: inout Hasher) {
        withUnsafePointer(to: model) { pointer in
            for field in fields { field.hash(field.offset, UnsafeRawPointer(pointer), &hasher) }
        }
    }

    /// The table must describe exactly the stored properties of `Model`, at their offsets and
    /// with their types, or decoding would leave memory uninitialized. Compared as multisets of
    /// (offset, type): fields of zero size may share an offset.
    private static func checkLayout(of fields: [StoredField<Model>]) {
        var described: [LayoutSlot: Int] = [:]
        for field in fields { described[LayoutSlot(offset: field.offset, type: ObjectIdentifier(field.valueType)), default: 0] += 1 }
        var stored = 0
        let complete = _forEachField(of: Model.self, options: []) { name, offset, type, _ in
            stored += 1
            let slot = LayoutSlot(offset: offset, type: ObjectIdentifier(type))
            guard let count = described[slot] else {
                preconditionFailure("FieldTable<\(Model.self)> does not describe the stored property '\(String(cString: name))'")
            }
            described[slot] = count == 1 ? nil : count - 1
            return true
        }
        // No fields reported for a type with a size: not a struct, or built without reflection
        // metadata (`-disable-reflection-metadata`), so the table cannot be checked.
        precondition(stored > 0 || MemoryLayout<Model>.size == 0,
                     "FieldTable<\(Model.self)> needs a struct compiled with reflection metadata, to check the table against it")
        precondition(complete && described.isEmpty,
                     "FieldTable<\(Model.self)> must describe each stored property of a struct exactly once")
    }
}

/// Where a stored property lives in a struct, for ``FieldTable``'s layout check.
private struct LayoutSlot: Hashable {
    var offset: Int
    var type: ObjectIdentifier
}
