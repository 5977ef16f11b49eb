import CanonRuntime

/// One `Write` of a commit, checked and with its paths parsed.
struct WriteOperation: Sendable {
    enum Kind: Sendable {
        /// Replace the document, or only the masked paths when a mask is given.
        case update(fields: [String: FirestoreValue], mask: [ParsedFieldPath]?)
        case delete
        /// Only transforms (the deprecated `transform` write).
        case transform
    }

    var path: DocumentPath
    var kind: Kind
    var transforms: [(path: ParsedFieldPath, operation: FieldTransform.Operation)]
    var exists: Bool?
    var updateTime: Timestamp?
}

/// How a read sees the data: now, in a transaction, or at a past time.
enum ReadConsistency: Sendable {
    case current
    case transaction([UInt8])
    case newTransaction(TransactionOptions)
    case readTime(Timestamp)
}

struct TransactionOptions: Sendable {
    var readOnly: Bool
    var readTime: Timestamp?
}
