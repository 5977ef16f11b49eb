/// What every query of a repository shares, whatever its results: where it runs, its filters,
/// its order and its declared limit. ``RepositoryQuery`` runs it as a page, a first match, an
/// aggregation or a sequence.
struct QueryPlan<Model: FirestoreStorable>: Sendable {
    let client: FirestoreClient
    /// The full name of the parent: the documents root, or a parent document.
    let parent: String
    /// The ID of the collection (or, with `allDescendants`, of every collection in the group).
    let collectionID: String
    /// Whether every collection with the ID below the parent is queried.
    let allDescendants: Bool
    /// The filters and order, built when the query runs (encoding an operand or naming a
    /// property can fail).
    let clauses: @Sendable () throws -> (filters: [QueryFilter], order: [QueryOrder])
    /// The most a page holds, as the schema declares it.
    let declaredLimit: Int?
    let decoder: FirestoreDecoder

    init(client: FirestoreClient, parent: String, collectionID: String, allDescendants: Bool,
         declaredLimit: Int?, clauses: @escaping @Sendable () throws -> (filters: [QueryFilter], order: [QueryOrder])) {
        self.client = client
        self.parent = parent
        self.collectionID = collectionID
        self.allDescendants = allDescendants
        self.clauses = clauses
        self.declaredLimit = declaredLimit
        decoder = FirestoreDecoder(databaseRoot: client.configuration.documentsRoot)
    }

    /// A page's size: the caller's, never above the declared limit (or
    /// ``QueryLimits/maximumPageSize`` without one); by default the declared limit (or
    /// ``QueryLimits/defaultPageSize``).
    func pageLimit(_ requested: Int?) throws -> Int {
        guard let requested else { return declaredLimit ?? QueryLimits.defaultPageSize }
        guard requested > 0 else { throw RepositoryError.invalidLimit(requested) }
        return min(requested, declaredLimit ?? QueryLimits.maximumPageSize)
    }

    /// The query without a limit or cursor.
    func builder() throws -> QueryBuilder {
        var builder = QueryBuilder(collectionPath: parent + "/" + collectionID, allDescendants: allDescendants)
        let (filters, order) = try clauses()
        for filter in filters { builder.filter(filter.field, filter.op, filter.value) }
        for order in order { builder.order(by: order.field, descending: order.descending) }
        return builder
    }

    /// At most `limit` documents after `cursor`, and the cursor of the next page. One document
    /// more than the page is asked for, so that `next` is nil exactly when nothing follows.
    func page<Element>(limit: Int, after cursor: QueryCursor?, element: (FirestoreDocument) throws -> Element,
                       run: (StructuredQuery, String) async throws -> [FirestoreDocument]) async throws -> QueryPage<Element> {
        var builder = try builder()
        if let cursor { builder.start(at: .document(name: cursor.document.name ?? "", fields: cursor.document.fields), before: false) }
        builder.limit(limit < Int(Int32.max) ? limit + 1 : limit)  // Firestore's limit is an int32
        let documents = try await run(try builder.build(), parent)
        let items = try documents.prefix(limit).map(element)
        var next: QueryCursor?
        if documents.count > limit, let last = documents.prefix(limit).last {
            next = QueryCursor(after: last, ordering: builder.completeOrdering.map(\.field))
        }
        return QueryPage(items: items, next: next)
    }

    /// The first match alone.
    func first<Element>(element: (FirestoreDocument) throws -> Element) async throws -> Element? {
        var builder = try builder()
        builder.limit(1)
        return try await client.runQuery(try builder.build(), parent: parent).first.map(element)
    }

    /// One aggregation over every match.
    func aggregate(_ aggregation: FirestoreClient.Aggregation) async throws -> FirestoreValue {
        let results = try await client.aggregate(try builder().build(), ["result": aggregation], parent: parent)
        guard let value = results["result"] else { throw FirestoreError.malformedResponse("runAggregationQuery returned no result") }
        return value
    }
}
