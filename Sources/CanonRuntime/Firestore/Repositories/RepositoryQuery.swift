/// A query a service runs as it needs: a page with a cursor, the first match, a count, a sum or
/// average of a numeric field, or every match as a sequence read a page at a time. Named queries
/// of a schema return one, with their parameters bound; so do listings.
///
/// ```swift
/// let open = casefiles.openCasefilesOfOwner("alice")
/// let page = try await open.page(limit: 20)          // then open.page(limit: 20, after: page.next)
/// let newest = try await open.first()
/// let howMany = try await open.count()
/// for try await casefile in open.all() { … }          // one page in memory at a time
/// ```
///
/// A page holds at most the schema's declared `limit` (or ``QueryLimits/maximumPageSize``): a
/// caller may ask for fewer, never more. Counts, sums and averages cover every match and read no
/// document. `Element` is the model, or for a collection-group query a ``GroupResult`` that
/// also tells where the document is.
public struct RepositoryQuery<Model: FirestoreStorable, Element: Sendable>: Sendable {
    let plan: QueryPlan<Model>
    let element: @Sendable (FirestoreDocument, FirestoreDecoder) throws -> Element

    /// The most a page holds, as the schema declares it; nil when it declares none.
    public var declaredLimit: Int? { plan.declaredLimit }

    /// One page: at most `limit` results (by default the declared limit, or
    /// ``QueryLimits/defaultPageSize``) after `cursor`, the previous page's ``QueryPage/next``.
    ///
    /// A limit above the declared one is lowered to it; below 1 it throws
    /// ``RepositoryError/invalidLimit(_:)``. A cursor from another query throws ``WriteError``
    /// before anything is sent.
    public func page(limit: Int? = nil, after cursor: QueryCursor? = nil) async throws -> QueryPage<Element> {
        let limit = try plan.pageLimit(limit)
        return try await plan.page(limit: limit, after: cursor, element: decode) { query, parent in
            try await plan.client.runQuery(query, parent: parent)
        }
    }

    /// The first match in the query's order, or nil.
    public func first() async throws -> Element? {
        try await plan.first(element: decode)
    }

    /// How many documents match, counted by Firestore without reading them.
    public func count() async throws -> Int {
        guard case .integer(let count) = try await plan.aggregate(.count) else {
            throw FirestoreError.malformedResponse("runAggregationQuery returned no count")
        }
        return Int(count)
    }

    /// The sum of a numeric field over every match, computed by Firestore; matches without a
    /// number there count for nothing.
    public func sum<Value: QueryNumber>(_ keyPath: KeyPath<Model, Value>) async throws -> Value.Total {
        let path = try ModelField<Model>(keyPath).queryPath()
        return try Value.total(try await plan.aggregate(.sum(path)), field: path.encoded)
    }

    /// The average of a numeric field over the matches that have a number there; nil when none
    /// does.
    public func average<Value: QueryNumber>(_ keyPath: KeyPath<Model, Value>) async throws -> Double? {
        switch try await plan.aggregate(.average(try ModelField<Model>(keyPath).queryPath())) {
        case .null: return nil
        case .double(let average): return average
        case .integer(let average): return Double(average)
        case let value: throw FirestoreError.malformedResponse("an average that is \(value.kindName)")
        }
    }

    /// Every match, read `pageSize` at a time (by default the declared limit, or
    /// ``QueryLimits/defaultPageSize`` without one) as the sequence is iterated.
    public func all(pageSize: Int? = nil) -> QueryResults<Element> {
        QueryResults(pageSize: pageSize) { limit, cursor in try await page(limit: limit, after: cursor) }
    }

    /// A page run by `run` (inside a transaction, say).
    func page(limit: Int?, after cursor: QueryCursor?,
              run: (StructuredQuery, String) async throws -> [FirestoreDocument]) async throws -> QueryPage<Element> {
        try await plan.page(limit: try plan.pageLimit(limit), after: cursor, element: decode, run: run)
    }

    private func decode(_ document: FirestoreDocument) throws -> Element { try element(document, plan.decoder) }
}

/// A query whose results are models.
public typealias ModelQuery<Model: FirestoreStorable> = RepositoryQuery<Model, Model>

/// A collection-group query: its results say where each document is.
public typealias GroupQuery<Model: FirestoreStorable> = RepositoryQuery<Model, GroupResult<Model>>

extension RepositoryQuery where Element == Model {
    init(plan: QueryPlan<Model>) {
        self.init(plan: plan) { document, decoder in try decoder.decode(Model.self, from: document) }
    }
}
