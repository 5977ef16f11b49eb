/// One field of a model or embedded type.
public struct FieldDecl: Sendable {
    /// Name, location, doc and deprecation. The name is as written (`created_at` or `createdAt`).
    public var info: DeclarationInfo
    /// The Swift property name: the name in lowerCamelCase.
    public var swiftName: String
    /// The key the field is stored under: `key:` if given, otherwise the name in snake_case.
    public var storageKey: Located<String>
    /// Older keys accepted when reading (`aliases:`), never written.
    public var aliases: [Located<String>]
    /// The declared type.
    public var type: Located<FieldType>
    /// The key may be absent (`optional: true`).
    public var isOptional: Bool
    /// The key is present and may hold null (`nullable: true`).
    public var isNullable: Bool
    /// The value used when the key is absent.
    public var defaultValue: Located<ConstantValue>?
    /// Value constraints.
    public var constraints: Constraints
    /// Set when the runtime fills the field (`audit:`).
    public var audit: Located<AuditKind>?
    /// Where `server_time: true` is written: a nil value of this timestamp field is written as
    /// the server's time.
    public var serverTime: SourceLocation? = nil

    /// Whether a stored document may lack the key: an optional field, one with a default, an
    /// audit field (filled by the runtime) or a `server_time` field (nil until written).
    public var mayBeAbsent: Bool {
        isOptional || defaultValue != nil || audit != nil || serverTime != nil
    }

    /// Whether this is the document ID field.
    public var isID: Bool {
        if case .builtin(.id) = type.value { return true }
        return false
    }
}
