/// A model a ``FirestoreRepository`` stores: generated models conform. `ID` is the typed
/// document ID; `auditKeys` names the storage keys of the audit fields the runtime fills.
///
/// A hand-written model may conform too. It has no field table (generated models carry one
/// behind `@_spi(Generated)`), so `save` of an existing document reads it first, and typed
/// queries and partial updates cannot name its fields by key path.
public protocol FirestoreStorable: Codable, Sendable, Validatable, Identifiable where ID: AnyDocumentID & Sendable & Hashable {
    /// The document ID field's value.
    var id: ID { get set }
    /// The storage keys of the model's audit fields.
    static var auditKeys: AuditKeys { get }
    /// The paths of the collections that store the model (generated from the schema). A
    /// ``DocumentReference`` to the model must name a document in one of them; with none listed
    /// (a hand-written model), any document path is accepted.
    static var collectionPaths: [CollectionPathTemplate] { get }
    /// The storage keys of the timestamp fields whose nil is written as the server's time
    /// (`server_time: true` in the schema), like Firestore's `@ServerTimestamp`.
    static var serverTimestampKeys: [String] { get }
    /// The model's field table (for generated models, which are ``FieldTableModel``s, their
    /// `storedFields`). With it, `save` of an existing document is one request (a masked
    /// update), typed updates and queries name fields by key path, into embedded types too, and
    /// a nullable field set to nil is written as null. Without it, `save` reads first and key
    /// paths name nothing.
    @_spi(Generated) static var fieldTable: FieldTable<Self>? { get }
    /// Checks the constraints of one stored property's new value (generated), for partial
    /// updates; throws ``ValidationError``.
    @_spi(Generated) static func validate(_ value: Any, at keyPath: PartialKeyPath<Self>) throws
}

@_spi(Generated)
extension FirestoreStorable where Self: FieldTableModel {
    /// The model's own table: every generated model has one.
    public static var fieldTable: FieldTable<Self>? { storedFields }
}

extension FirestoreStorable {
    public static var auditKeys: AuditKeys { AuditKeys() }
    public static var collectionPaths: [CollectionPathTemplate] { [] }
    public static var serverTimestampKeys: [String] { [] }
}

// What only the runtime and generated code use: a hand-written model gets a read before each
// save and no key-path names, and needs none of it.
@_spi(Generated)
extension FirestoreStorable {
    public static var fieldTable: FieldTable<Self>? { nil }

    /// The storage key of every stored field, then the old keys a save removes; nil without a
    /// field table.
    public static var storedKeys: [String]? { fieldTable?.storedKeys }

    /// Where a stored property is kept, directly or inside embedded types; nil for the
    /// document ID and anything else.
    public static func storagePath(for keyPath: PartialKeyPath<Self>) -> FieldStoragePath? { fieldTable?.storagePath(for: keyPath) }

    /// Whether the key path names the document ID (`\.id`, or the ID field by its own name).
    static func isDocumentID(_ keyPath: PartialKeyPath<Self>) -> Bool { fieldTable?.isDocumentID(keyPath) == true }
    public static func validate(_ value: Any, at keyPath: PartialKeyPath<Self>) throws {}
}

/// Storage keys of the fields the runtime fills on every write, nil where a model has none.
public struct AuditKeys: Sendable, Hashable {
    /// Set once, to the server's time of the first write.
    public var createdAt: String?
    /// Set to the server's time of every write.
    public var updatedAt: String?
    /// Set once, to ``PersistenceContext/actor`` at the first write.
    public var createdBy: String?
    /// Set to ``PersistenceContext/actor`` at every write.
    public var updatedBy: String?
    /// Set to ``PersistenceContext/requestID`` at every write.
    public var requestID: String?

    /// Audit keys with the given storage keys; a `nil` key is not written.
    public init(createdAt: String? = nil, updatedAt: String? = nil, createdBy: String? = nil, updatedBy: String? = nil, requestID: String? = nil) {
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.createdBy = createdBy
        self.updatedBy = updatedBy
        self.requestID = requestID
    }

    /// Every audit key the model has.
    public var all: [String] { [createdAt, updatedAt, createdBy, updatedBy, requestID].compactMap { $0 } }
    /// The keys set only when a document is created.
    var onCreateOnly: [String] { [createdAt, createdBy].compactMap { $0 } }
}
