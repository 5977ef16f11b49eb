/// One result of a collection-group query: the model and where it is stored. Its reference
/// names the document and, through the generated accessors, its parents' typed IDs
/// (`result.reference.toolSessionId`).
public struct GroupResult<Model: FirestoreStorable>: Sendable {
    /// The model.
    public var model: Model
    /// The document's reference: its full path below the database root.
    public var reference: DocumentReference<Model>

    /// A result from a stored document, whose name must fit one of the model's collections
    /// (``RepositoryError/invalidReference(_:reason:)`` otherwise).
    init(_ document: FirestoreDocument, decoder: FirestoreDecoder, documentsRoot: String) throws {
        let root = documentsRoot + "/"
        guard let name = document.name, name.hasPrefix(root) else { throw FirestoreError.malformedResponse("a document without a name in this database") }
        reference = try DocumentReference(path: String(name.dropFirst(root.count)))
        model = try decoder.decode(Model.self, from: document)
    }
}
