/// An ad-hoc query over a collection's declared fields, named by key path, so that a wrong field
/// or a value of the wrong type does not compile.
///
/// ```swift
/// let page = try await casefiles.page(casefiles.query
///     .where(\.ownerId, .equal, "alice")
///     .where(\.tags, contains: "hardware")
///     .order(by: \.updatedAt, descending: true)
///     .limit(20))
/// ```
public struct TypedQuery<Model: FirestoreStorable>: Sendable {
    /// Operators that compare a field with a value of its own type.
    public enum Comparison: Sendable {
        /// `==`
        case equal
        /// `!=`: documents without the field never match.
        case notEqual
        /// `<`
        case lessThan
        /// `<=`
        case lessThanOrEqual
        /// `>`
        case greaterThan
        /// `>=`
        case greaterThanOrEqual

        var op: QueryOperator {
            switch self {
            case .equal: .equal
            case .notEqual: .notEqual
            case .lessThan: .lessThan
            case .lessThanOrEqual: .lessThanOrEqual
            case .greaterThan: .greaterThan
            case .greaterThanOrEqual: .greaterThanOrEqual
            }
        }
    }

    var filters: [(field: ModelField<Model>, op: QueryOperator, operand: any Encodable & Sendable)] = []
    var orders: [(field: ModelField<Model>, descending: Bool)] = []
    var limitCount: Int?

    /// A query of the whole collection: no filter, Firestore's default order (by document name),
    /// no limit.
    public init() {}

    private func adding(_ keyPath: PartialKeyPath<Model>, _ op: QueryOperator, _ operand: any Encodable & Sendable) -> Self {
        var copy = self
        copy.filters.append((ModelField(keyPath), op, operand))
        return copy
    }

    /// A comparison with a value of the field's type.
    public func `where`<Value: Encodable & Sendable>(_ keyPath: KeyPath<Model, Value>, _ comparison: Comparison, _ value: Value) -> Self {
        adding(keyPath, comparison.op, value)
    }

    /// The field equals one of the values.
    public func `where`<Value: Encodable & Sendable>(_ keyPath: KeyPath<Model, Value>, in values: [Value]) -> Self {
        adding(keyPath, .in, values)
    }

    /// The field equals none of the values.
    public func `where`<Value: Encodable & Sendable>(_ keyPath: KeyPath<Model, Value>, notIn values: [Value]) -> Self {
        adding(keyPath, .notIn, values)
    }

    /// The array field holds the element.
    public func `where`<Element: Encodable & Sendable>(_ keyPath: KeyPath<Model, [Element]>, contains element: Element) -> Self {
        adding(keyPath, .arrayContains, element)
    }

    /// The array field holds at least one of the elements.
    public func `where`<Element: Encodable & Sendable>(_ keyPath: KeyPath<Model, [Element]>, containsAny elements: [Element]) -> Self {
        adding(keyPath, .arrayContainsAny, elements)
    }

    /// Orders by a field.
    public func order<Value>(by keyPath: KeyPath<Model, Value>, descending: Bool = false) -> Self {
        var copy = self
        copy.orders.append((ModelField(keyPath), descending))
        return copy
    }

    /// At most `count` models a page (never above ``QueryLimits/maximumPageSize``).
    public func limit(_ count: Int) -> Self {
        var copy = self
        copy.limitCount = count
        return copy
    }
}

extension FirestoreRepository {
    /// A query to build on.
    public var query: TypedQuery<Model> { TypedQuery() }

    /// One page of a typed query, after `cursor` (the previous page's ``QueryPage/next``): at
    /// most its limit (by default ``QueryLimits/defaultPageSize``, never above
    /// ``QueryLimits/maximumPageSize``). The ordering is completed as Firestore completes it
    /// (inequality fields, then the document name), so cursors are exact. A query that breaks
    /// one of Firestore's rules (`null` or `NaN` compared other than by equality, a cursor from
    /// another collection) throws ``WriteError`` before anything is sent.
    public func page(_ query: TypedQuery<Model>, after cursor: QueryCursor? = nil) async throws -> QueryPage<Model> {
        try await run(query).page(after: cursor)
    }

    /// A typed query as a query with every form: page, first, count, sum, average, sequence.
    public func run(_ query: TypedQuery<Model>) -> ModelQuery<Model> {
        // Its `limit(_:)` is the most a page holds, as a schema's limit is.
        ModelQuery(plan: QueryPlan(client: client, parent: parent, collectionID: collectionID, allDescendants: false,
                                   declaredLimit: query.limitCount.map { min($0, QueryLimits.maximumPageSize) }) { try resolved(query) })
    }

    /// A typed query's filters and orders by storage key.
    func resolved(_ query: TypedQuery<Model>) throws -> (filters: [QueryFilter], order: [QueryOrder]) {
        let filters = try query.filters.map { filter in
            let value: FirestoreValue
            if filter.field.isDocumentID {
                value = try documentReference(filter.operand)
            } else {
                value = try operand(filter.operand)
            }
            return QueryFilter(try filter.field.queryPath(), filter.op, value)
        }
        let orders = try query.orders.map { order in QueryOrder(try order.field.queryPath(), descending: order.descending) }
        return (filters, orders)
    }

    /// An ID operand (or a list of them) as the reference values `__name__` compares with.
    private func documentReference(_ operand: any Encodable & Sendable) throws -> FirestoreValue {
        if let id = operand as? Model.ID { return .reference(try name(of: id)) }
        if let ids = operand as? [Model.ID] { return .array(try ids.map { .reference(try name(of: $0)) }) }
        return try encoder.encodeValue(operand)
    }
}

extension FirestoreCollection {
    /// A typed query over this collection.
    public var query: TypedQuery<Model> { TypedQuery() }

    /// One page of a typed query, after `cursor` (the previous page's ``QueryPage/next``): at
    /// most its limit (by default ``QueryLimits/defaultPageSize``, never above
    /// ``QueryLimits/maximumPageSize``). A query that breaks one of Firestore's rules (`null` or
    /// `NaN` compared other than by equality, a cursor from another collection) throws
    /// ``WriteError`` before anything is sent.
    public func page(_ query: TypedQuery<Model>, after cursor: QueryCursor? = nil) async throws -> QueryPage<Model> {
        try await base.page(query, after: cursor)
    }

    /// A typed query as a query with every form: page, first, count, sum, average, sequence.
    public func run(_ query: TypedQuery<Model>) -> ModelQuery<Model> { base.run(query) }

    /// Changes only the given fields of an existing document, in one request.
    public func update(_ id: Model.ID, _ build: (inout FieldUpdates<Model>) throws -> Void) async throws {
        try await base.update(id, build)
    }
}
