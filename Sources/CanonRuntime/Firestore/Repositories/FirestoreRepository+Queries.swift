import Foundation

extension FirestoreRepository {
    /// Encodes a query operand (a parameter of a named query) as Firestore stores it.
    public func operand<Value: Encodable>(_ value: Value) throws -> FirestoreValue {
        try encoder.encodeValue(value)
    }

    /// Encodes a constant operand of a named query, typed as its field is.
    public func operand<Value: Encodable>(_ value: Value, as type: Value.Type) throws -> FirestoreValue {
        try operand(value)
    }

    /// Runs a query over this collection (or, with `collectionGroup`, every collection with its
    /// ID) and returns one page: at most `limit` models after `cursor`, and the next cursor.
    /// The ordering is completed as Firestore completes it (inequality fields, then the
    /// document name), so cursors are exact.
    public func page(filters: [QueryFilter], order: [QueryOrder], limit: Int?, after cursor: QueryCursor? = nil,
                     collectionGroup: Bool = false) async throws -> QueryPage<Model> {
        try await page(filters: filters, order: order, limit: limit, after: cursor, collectionGroup: collectionGroup) { query, parent in
            try await client.runQuery(query, parent: parent)
        }
    }

    /// The same, running the query with `run` (inside a transaction, say).
    func page(filters: [QueryFilter], order: [QueryOrder], limit: Int?, after cursor: QueryCursor?, collectionGroup: Bool,
              run: (StructuredQuery, String) async throws -> [FirestoreDocument]) async throws -> QueryPage<Model> {
        var orders = order
        let direction = order.last?.descending ?? false
        let ordered = Set(orders.map(\.field))
        // `__name__` is never one of them: Firestore orders by it last, after the inequality fields.
        let unordered = Set(filters.filter { $0.op.isInequality || $0.wire.isNotUnary }.map(\.field))
            .subtracting(ordered).filter { $0.segments != ["__name__"] }
        for field in unordered.sorted() { orders.append(QueryOrder(field, descending: direction)) }
        if !orders.contains(where: { $0.field.segments == ["__name__"] }) { orders.append(QueryOrder("__name__", descending: direction)) }

        let wireFilters = filters.map(\.wire)
        let query = StructuredQuery(
            from: [.init(collectionId: collectionID, allDescendants: collectionGroup ? true : nil)],
            where: wireFilters.isEmpty ? nil : wireFilters.count == 1 ? wireFilters[0] : .composite(op: "AND", filters: wireFilters),
            orderBy: orders.map { .init(field: .init(fieldPath: $0.field.encoded), direction: $0.descending ? "DESCENDING" : "ASCENDING") },
            startAt: cursor.map { .init(values: $0.values, before: false) },
            limit: limit)
        let documents = try await run(query, collectionGroup ? client.configuration.documentsRoot : parent)
        let models = try documents.map { try decoder.decode(Model.self, from: $0) }
        var next: QueryCursor?
        if let limit, documents.count == limit, let last = documents.last {
            next = QueryCursor(values: orders.map { order in
                order.field.segments == ["__name__"] ? .reference(last.name ?? "") : Self.value(at: order.field.segments, in: last.fields) ?? .null
            })
        }
        return QueryPage(models: models, next: next)
    }

    private static func value(at path: [String], in fields: [String: FirestoreValue]) -> FirestoreValue? {
        guard let head = path.first, let value = fields[head] else { return nil }
        if path.count == 1 { return value }
        guard case .map(let nested) = value else { return nil }
        return Self.value(at: Array(path.dropFirst()), in: nested)
    }
}

extension StructuredQuery.Filter {
    /// IS_NOT_NULL and IS_NOT_NAN order like inequalities.
    var isNotUnary: Bool {
        if case .unary(let op, _) = self { return op == "IS_NOT_NULL" || op == "IS_NOT_NAN" }
        return false
    }
}
