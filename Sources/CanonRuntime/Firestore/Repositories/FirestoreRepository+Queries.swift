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

    /// Runs a query over this collection (or, with `collectionGroup`, every collection with its
    /// ID) and returns one page: at most `limit` models after `cursor`, and the next cursor.
    /// The ordering is completed as Firestore completes it (inequality fields, then the
    /// document name), so cursors are exact. A query that breaks one of Firestore's rules (`null`
    /// or `NaN` compared other than by equality, a cursor from another collection) throws
    /// ``WriteError`` before anything is sent.
    @_spi(Generated) public func page(filters: [QueryFilter], order: [QueryOrder], limit: Int?, after cursor: QueryCursor? = nil,
                                      collectionGroup: Bool = false) async throws -> QueryPage<Model> {
        try await page(filters: filters, order: order, limit: limit, after: cursor, collectionGroup: collectionGroup) { query, parent in
            try await client.runQuery(query, parent: parent)
        }
    }

    /// The same, running the query with `run` (inside a transaction, say).
    func page(filters: [QueryFilter], order: [QueryOrder], limit: Int?, after cursor: QueryCursor?, collectionGroup: Bool,
              run: (StructuredQuery, String) async throws -> [FirestoreDocument]) async throws -> QueryPage<Model> {
        // A collection group is every collection with this ID below the documents root.
        let root = client.configuration.documentsRoot
        var builder = QueryBuilder(collectionPath: collectionGroup ? root + "/" + collectionID : parent + "/" + collectionID,
                                   allDescendants: collectionGroup)
        for filter in filters { builder.filter(filter.field, filter.op, filter.value) }
        for order in order { builder.order(by: order.field, descending: order.descending) }
        if let cursor { builder.start(at: .document(name: cursor.document.name ?? "", fields: cursor.document.fields), before: false) }
        if let limit { builder.limit(limit) }
        let documents = try await run(try builder.build(), collectionGroup ? root : parent)
        let models = try documents.map { try decoder.decode(Model.self, from: $0) }
        var next: QueryCursor?
        if let limit, documents.count == limit, let last = documents.last {
            next = QueryCursor(after: last, ordering: builder.completeOrdering.map(\.field))
        }
        return QueryPage(models: models, next: next)
    }
}
