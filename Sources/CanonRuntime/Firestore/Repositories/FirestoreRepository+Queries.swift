import Foundation

extension FirestoreRepository {
    /// Encodes a query operand (a parameter of a named query) as Firestore stores it.
    @_spi(Generated) public func operand<Value: Encodable>(_ value: Value) throws -> FirestoreValue {
        try encoder.encodeValue(value)
    }

    /// Encodes a constant operand of a named query, typed as its field is.
    @_spi(Generated) public func operand<Value: Encodable>(_ value: Value, as type: Value.Type) throws -> FirestoreValue {
        try operand(value)
    }

    /// A named query of this collection: the filters (built when it runs, since encoding an
    /// operand can fail), the order, and the most a page holds.
    @_spi(Generated) public func query(order: [QueryOrder] = [], limit: Int? = nil,
                                       filters: @escaping @Sendable () throws -> [QueryFilter]) -> ModelQuery<Model> {
        ModelQuery(plan: QueryPlan(client: client, parent: parent, collectionID: collectionID, allDescendants: false,
                                   declaredLimit: limit) { (try filters(), order) })
    }

    /// Every collection with this collection's ID: where a top-level collection's group queries run.
    @_spi(Generated) public var group: CollectionGroup<Model> { CollectionGroup(client: client, collectionID: collectionID) }
}
