/// A property named by key path in a typed query or a partial update: where the model stores
/// it (directly or inside embedded types), or that it is the document ID, or neither.
struct ModelField<Model: FirestoreStorable>: Sendable {
    let storage: FieldStoragePath?
    let isDocumentID: Bool
    /// Described only for an error.
    let property: PropertyName

    init(_ keyPath: PartialKeyPath<Model>) {
        isDocumentID = Model.isDocumentID(keyPath)
        storage = isDocumentID ? nil : Model.storagePath(for: keyPath)
        property = PropertyName(keyPath)
    }

    /// Where the field is stored; ``RepositoryError/unmappedProperty(_:)`` when the model
    /// stores nothing there.
    func stored() throws -> FieldStoragePath {
        guard let storage else { throw RepositoryError.unmappedProperty("\(property)") }
        return storage
    }

    /// The field path a query filters or orders by: `__name__` for the document ID.
    func queryPath() throws -> FieldPath {
        isDocumentID ? FieldPath(["__name__"]) : FieldPath(try stored().keys)
    }
}
