import Foundation

/// A filter of a named query: a field (by storage key path), an operator and a value.
public struct QueryFilter: Sendable, Hashable {
    /// Firestore's field-filter operators.
    public enum Operator: String, Sendable, Hashable {
        case equal = "EQUAL", notEqual = "NOT_EQUAL", lessThan = "LESS_THAN", lessThanOrEqual = "LESS_THAN_OR_EQUAL"
        case greaterThan = "GREATER_THAN", greaterThanOrEqual = "GREATER_THAN_OR_EQUAL", `in` = "IN", notIn = "NOT_IN"
        case arrayContains = "ARRAY_CONTAINS", arrayContainsAny = "ARRAY_CONTAINS_ANY"

        var isInequality: Bool {
            [.notEqual, .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual, .notIn].contains(self)
        }
    }

    /// The field, by storage key path.
    public var field: FieldPath
    /// The comparison.
    public var op: Operator
    /// The operand, as Firestore stores it.
    public var value: FirestoreValue

    /// A filter on the field at the dotted storage-key path `field` (a key containing a dot needs
    /// ``init(_:_:_:)-(FieldPath,_,_)``).
    public init(_ field: String, _ op: Operator, _ value: FirestoreValue) {
        self.init(FieldPath(field.split(separator: ".").map(String.init)), op, value)
    }

    /// A filter on the field at `field`.
    public init(_ field: FieldPath, _ op: Operator, _ value: FirestoreValue) {
        self.field = field
        self.op = op
        self.value = value
    }

    /// `== null` and `== NaN` are unary filters on the wire, as Firestore's clients send them.
    var wire: StructuredQuery.Filter {
        let reference = StructuredQuery.FieldReference(fieldPath: field.encoded)
        switch (op, value) {
        case (.equal, .null): return .unary(op: "IS_NULL", field: reference)
        case (.notEqual, .null): return .unary(op: "IS_NOT_NULL", field: reference)
        case (.equal, .double(let number)) where number.isNaN: return .unary(op: "IS_NAN", field: reference)
        case (.notEqual, .double(let number)) where number.isNaN: return .unary(op: "IS_NOT_NAN", field: reference)
        default: return .field(reference, op: op.rawValue, value: value)
        }
    }
}

/// An ordering of a named query.
public struct QueryOrder: Sendable, Hashable {
    /// The field, by storage key path.
    public var field: FieldPath
    /// Whether the order is descending.
    public var descending: Bool

    /// An ordering by the field at the dotted storage-key path `field` (a key containing a dot
    /// needs ``init(_:descending:)-(FieldPath,_)``).
    public init(_ field: String, descending: Bool = false) {
        self.init(FieldPath(field.split(separator: ".").map(String.init)), descending: descending)
    }

    /// An ordering by the field at `field`.
    public init(_ field: FieldPath, descending: Bool = false) {
        self.field = field
        self.descending = descending
    }
}

/// Where the next page of a query starts: the ordering values of the last model returned. Opaque;
/// pass it back as it came (``QueryCursor/token`` is a string form for URLs and APIs).
public struct QueryCursor: Sendable, Hashable {
    let values: [FirestoreValue]

    /// A string form, for an API's `pageToken`.
    public var token: String {
        Data(FirestoreJSON.data(for: .array(values))).base64EncodedString()
    }

    /// The cursor of a string from ``token``; nil if it is not one.
    public init?(token: String) {
        guard let data = Data(base64Encoded: token), case .array(let values)? = try? FirestoreJSON.value(from: data) else { return nil }
        self.values = values
    }

    init(values: [FirestoreValue]) { self.values = values }
}

/// One page of a query's results, with the cursor of the next page when there may be one.
public struct QueryPage<Model: Sendable>: Sendable {
    /// The models of this page, in order.
    public var models: [Model]
    /// Pass to the same query for the next page; nil when this page was the last.
    public var next: QueryCursor?
}

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
