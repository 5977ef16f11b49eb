/// Every collection with one ID, whatever its parents: what generated collection-group types
/// stand on. Their queries (`group: true` in the schema) run over all of them at once, and each
/// result carries its document's reference; `get(_:)` reads any one document by reference.
public struct CollectionGroup<Model: FirestoreStorable>: Sendable {
    /// The client requests go through.
    public let client: FirestoreClient
    /// The collection ID the group's collections share.
    public let collectionID: String
    let encoder: FirestoreEncoder

    /// The group of every collection with `collectionID` in the client's database.
    public init(client: FirestoreClient, collectionID: String) {
        self.client = client
        self.collectionID = collectionID
        encoder = FirestoreEncoder(databaseRoot: client.configuration.documentsRoot)
    }

    /// The model a reference names, or nil.
    public func get(_ reference: DocumentReference<Model>) async throws -> Model? {
        try await FirestoreRepository<Model>.get(reference, client: client)
    }

    /// Encodes a query operand (a parameter of a group query) as Firestore stores it.
    @_spi(Generated) public func operand<Value: Encodable>(_ value: Value) throws -> FirestoreValue {
        try encoder.encodeValue(value)
    }

    /// Encodes a constant operand of a group query, typed as its field is.
    @_spi(Generated) public func operand<Value: Encodable>(_ value: Value, as type: Value.Type) throws -> FirestoreValue {
        try operand(value)
    }

    /// A group query: the filters (built when it runs), the order, and the most a page holds.
    @_spi(Generated) public func query(order: [QueryOrder] = [], limit: Int? = nil,
                                       filters: @escaping @Sendable () throws -> [QueryFilter]) -> GroupQuery<Model> {
        let root = client.configuration.documentsRoot
        let plan = QueryPlan<Model>(client: client, parent: root, collectionID: collectionID, allDescendants: true,
                                    declaredLimit: limit) { (try filters(), order) }
        return GroupQuery(plan: plan) { document, decoder in try GroupResult(document, decoder: decoder, documentsRoot: root) }
    }
}

/// A generated collection-group type: every collection of one subcollection, whatever its
/// parents, standing on a ``CollectionGroup``.
public protocol FirestoreCollectionGroup: Sendable {
    /// The generated model the group's collections store.
    associatedtype Model: FirestoreStorable
    /// The runtime group underneath.
    var base: CollectionGroup<Model> { get }
}

extension FirestoreCollectionGroup {
    /// The model a reference names, or nil.
    public func get(_ reference: DocumentReference<Model>) async throws -> Model? { try await base.get(reference) }
}
