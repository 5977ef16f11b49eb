/// A Firestore `Write`, as the REST API's `commit` takes it.
public struct Write: Sendable, Hashable {
    /// The document to write (its name and fields), for an update.
    public var update: FirestoreDocument?
    /// The name of the document to delete.
    public var delete: String?
    /// The fields an update touches; nil replaces the whole document.
    public var updateMask: DocumentMask?
    /// Server-side changes applied after the update.
    public var updateTransforms: [FieldTransform]?
    /// What must hold for the write to happen.
    public var currentDocument: Precondition?

    /// Creates a write.
    public init(update: FirestoreDocument? = nil, delete: String? = nil, updateMask: DocumentMask? = nil,
                updateTransforms: [FieldTransform]? = nil, currentDocument: Precondition? = nil) {
        self.update = update
        self.delete = delete
        self.updateMask = updateMask
        self.updateTransforms = updateTransforms
        self.currentDocument = currentDocument
    }
}

/// The field paths an update touches.
public struct DocumentMask: Sendable, Hashable {
    /// Encoded field paths, sorted.
    public var fieldPaths: [String]

    /// Creates a mask.
    public init(fieldPaths: [String]) { self.fieldPaths = fieldPaths }
}

/// A condition on the current document: that it exists (or not), or was last updated at a time.
public struct Precondition: Sendable, Hashable {
    /// The document must exist (true) or must not (false).
    public var exists: Bool?
    /// The document's last update time must be exactly this.
    public var updateTime: Timestamp?

    /// Creates a precondition.
    public init(exists: Bool? = nil, updateTime: Timestamp? = nil) {
        self.exists = exists
        self.updateTime = updateTime
    }
}

/// A server-side change to one field.
public struct FieldTransform: Sendable, Hashable {
    /// What to do.
    public enum Operation: Sendable, Hashable {
        /// Set to the commit time.
        case setToServerValue
        /// Add to the number.
        case increment(FirestoreValue)
        /// Keep the larger.
        case maximum(FirestoreValue)
        /// Keep the smaller.
        case minimum(FirestoreValue)
        /// Append the elements the array lacks.
        case appendMissingElements([FirestoreValue])
        /// Remove every occurrence of the elements.
        case removeAllFromArray([FirestoreValue])
    }

    /// The encoded field path.
    public var fieldPath: String
    /// The operation.
    public var operation: Operation

    /// Creates a transform.
    public init(fieldPath: String, operation: Operation) {
        self.fieldPath = fieldPath
        self.operation = operation
    }
}
