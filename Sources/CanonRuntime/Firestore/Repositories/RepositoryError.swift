/// Why a repository call failed before or apart from Firestore's own errors
/// (``FirestoreError``), which pass through unchanged.
public enum RepositoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The ID cannot name a Firestore document; nothing was sent.
    case invalidDocumentID(String, reason: String)
    /// `create` found a document with this ID already.
    case alreadyExists(id: String)
    /// The document to update or delete does not exist.
    case notFound(id: String)
    /// The document changed since it was read (an `updateTime` precondition failed).
    case changedSinceRead(id: String)
    /// `updateIfUnchanged` lost the race this many times in a row.
    case tooMuchContention(id: String, attempts: Int)
    /// The model's ID is empty but the collection expects the caller to supply one.
    case missingID
    /// A typed update or query named a property that is not a stored field of the model.
    case unmappedProperty(String)
    /// A partial update tried to set an audit field, which only the runtime writes.
    case auditFieldWrite(String)
    /// A partial update tried to change the document ID, which is the document's name.
    case documentIDWrite
    /// A ``DocumentReference``'s path names no document of its model's collections.
    case invalidReference(String, reason: String)
    /// A page was asked for with a limit below 1.
    case invalidLimit(Int)
    /// The sum of an integer field no longer fits an integer: Firestore answered with a double.
    case sumOverflow(field: String)

    public var description: String {
        switch self {
        case .invalidDocumentID(let id, let reason): "'\(id)' is not a valid document ID: \(reason)"
        case .alreadyExists(let id): "a document with ID '\(id)' already exists"
        case .notFound(let id): "no document with ID '\(id)'"
        case .changedSinceRead(let id): "document '\(id)' changed since it was read"
        case .tooMuchContention(let id, let attempts): "document '\(id)' kept changing; gave up after \(attempts) attempts"
        case .missingID: "the model has no ID and this collection does not generate one"
        case .unmappedProperty(let property): "\(property) is not a stored field of the model"
        case .auditFieldWrite(let key): "'\(key)' is an audit field; the runtime writes it"
        case .documentIDWrite: "the document ID is the document's name and cannot be changed; create a new document instead"
        case .invalidReference(let path, let reason): "'\(path)' is not a valid reference: \(reason)"
        case .invalidLimit(let limit): "a page's limit must be at least 1, not \(limit)"
        case .sumOverflow(let field): "the sum of '\(field)' overflows a 64-bit integer"
        }
    }
}
