/// A Firestore `Write`, as the REST API's `commit` takes it.
public struct Write: Sendable, Hashable, Codable {
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

    private enum CodingKeys: String, CodingKey {
        case update, delete, updateMask, updateTransforms, currentDocument
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        update = try container.decodeIfPresent(FirestoreDocument.self, forKey: .update)
        delete = try container.decodeIfPresent(String.self, forKey: .delete)
        updateMask = try container.decodeIfPresent(DocumentMask.self, forKey: .updateMask)
        let transforms = try container.decodeIfPresent([FieldTransform].self, forKey: .updateTransforms)
        updateTransforms = transforms?.isEmpty == true ? nil : transforms
        currentDocument = try container.decodeIfPresent(Precondition.self, forKey: .currentDocument)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(update, forKey: .update)
        try container.encodeIfPresent(delete, forKey: .delete)
        try container.encodeIfPresent(updateMask, forKey: .updateMask)
        if let updateTransforms, !updateTransforms.isEmpty { try container.encode(updateTransforms, forKey: .updateTransforms) }
        try container.encodeIfPresent(currentDocument, forKey: .currentDocument)
    }
}

/// The field paths an update touches.
public struct DocumentMask: Sendable, Hashable, Codable {
    /// Encoded field paths, sorted.
    public var fieldPaths: [String]

    /// Creates a mask.
    public init(fieldPaths: [String]) { self.fieldPaths = fieldPaths }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fieldPaths = try container.decodeIfPresent([String].self, forKey: .fieldPaths) ?? []
    }

    private enum CodingKeys: String, CodingKey { case fieldPaths }
}

/// A condition on the current document: that it exists (or not), or was last updated at a time.
public struct Precondition: Sendable, Hashable, Codable {
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
public struct FieldTransform: Sendable, Hashable, Codable {
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

    private enum CodingKeys: String, CodingKey {
        case fieldPath, setToServerValue, increment, maximum, minimum, appendMissingElements, removeAllFromArray
    }

    private struct ArrayValue: Codable {
        var values: [FirestoreValue]?
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fieldPath = try container.decode(String.self, forKey: .fieldPath)
        if container.contains(.setToServerValue) {
            let value = try container.decode(String.self, forKey: .setToServerValue)
            guard value == "REQUEST_TIME" else {
                throw DecodingError.dataCorruptedError(forKey: .setToServerValue, in: container, debugDescription: "unknown server value \(value)")
            }
            operation = .setToServerValue
        } else if let value = try container.decodeIfPresent(FirestoreValue.self, forKey: .increment) {
            operation = .increment(value)
        } else if let value = try container.decodeIfPresent(FirestoreValue.self, forKey: .maximum) {
            operation = .maximum(value)
        } else if let value = try container.decodeIfPresent(FirestoreValue.self, forKey: .minimum) {
            operation = .minimum(value)
        } else if let array = try container.decodeIfPresent(ArrayValue.self, forKey: .appendMissingElements) {
            operation = .appendMissingElements(array.values ?? [])
        } else if let array = try container.decodeIfPresent(ArrayValue.self, forKey: .removeAllFromArray) {
            operation = .removeAllFromArray(array.values ?? [])
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a field transform needs an operation"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fieldPath, forKey: .fieldPath)
        switch operation {
        case .setToServerValue: try container.encode("REQUEST_TIME", forKey: .setToServerValue)
        case .increment(let value): try container.encode(value, forKey: .increment)
        case .maximum(let value): try container.encode(value, forKey: .maximum)
        case .minimum(let value): try container.encode(value, forKey: .minimum)
        case .appendMissingElements(let values): try container.encode(ArrayValue(values: values), forKey: .appendMissingElements)
        case .removeAllFromArray(let values): try container.encode(ArrayValue(values: values), forKey: .removeAllFromArray)
        }
    }
}
