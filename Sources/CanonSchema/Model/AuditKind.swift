/// The audit fields the runtime fills on every write, never the caller.
public enum AuditKind: String, Sendable, Hashable, CaseIterable {
    /// When the document was created (a server timestamp).
    case createdAt = "created_at"
    /// When the document was last written (a server timestamp).
    case updatedAt = "updated_at"
    /// Who created the document (from the persistence context).
    case createdBy = "created_by"
    /// Who last wrote the document (from the persistence context).
    case updatedBy = "updated_by"
    /// The request ID of the last write (from the persistence context).
    case requestID = "request_id"

    /// The one type a field of this kind may have.
    public var requiredType: BuiltinType {
        switch self {
        case .createdAt, .updatedAt: .timestamp
        case .createdBy, .updatedBy, .requestID: .string
        }
    }
}
