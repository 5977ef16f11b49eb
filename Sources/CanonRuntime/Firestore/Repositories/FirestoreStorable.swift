/// A model a ``FirestoreRepository`` stores: generated models conform. `ID` is the typed
/// document ID; `auditKeys` names the storage keys of the audit fields the runtime fills.
public protocol FirestoreStorable: Codable, Sendable, Validatable, Identifiable where ID: AnyDocumentID & Sendable & Hashable {
    /// The document ID field's value.
    var id: ID { get set }
    /// The storage keys of the model's audit fields.
    static var auditKeys: AuditKeys { get }
    /// The storage key of every stored field (generated). With it, `save` of an existing
    /// document is one request (a masked update); without it, `save` reads first.
    static var storedKeys: [String]? { get }
    /// The storage key of a stored property (generated), for typed updates and queries; nil for
    /// anything else.
    static func storageKey(for keyPath: PartialKeyPath<Self>) -> String?
    /// Checks the constraints of one stored property's new value (generated), for partial
    /// updates; throws ``ValidationError``.
    static func validate(_ value: Any, at keyPath: PartialKeyPath<Self>) throws
}

extension FirestoreStorable {
    public static var auditKeys: AuditKeys { AuditKeys() }
    public static var storedKeys: [String]? { nil }
    public static func storageKey(for keyPath: PartialKeyPath<Self>) -> String? { nil }
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

    public init(createdAt: String? = nil, updatedAt: String? = nil, createdBy: String? = nil, updatedBy: String? = nil, requestID: String? = nil) {
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.createdBy = createdBy
        self.updatedBy = updatedBy
        self.requestID = requestID
    }

    /// Every audit key.
    var all: [String] { [createdAt, updatedAt, createdBy, updatedBy, requestID].compactMap { $0 } }
    /// The keys set only when a document is created.
    var onCreateOnly: [String] { [createdAt, createdBy].compactMap { $0 } }
}
