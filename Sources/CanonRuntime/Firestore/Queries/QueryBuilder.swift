/// Builds a ``StructuredQuery`` the way Firestore's clients do: filters on `NaN` and `null`
/// become unary filters, several filters an `AND`, cursors from a document snapshot take the
/// ordered fields' values and add the implicit ordering (inequality fields, then `__name__`).
public struct QueryBuilder: Sendable {
    /// A comparison in a filter, as the clients spell it.
    public enum Operator: String, Sendable, CaseIterable {
        case lessThan = "<", lessThanOrEqual = "<=", greaterThan = ">", greaterThanOrEqual = ">="
        case equal = "==", notEqual = "!=", arrayContains = "array-contains", `in` = "in", notIn = "not-in"
        case arrayContainsAny = "array-contains-any"

        var wireName: String {
            switch self {
            case .lessThan: "LESS_THAN"
            case .lessThanOrEqual: "LESS_THAN_OR_EQUAL"
            case .greaterThan: "GREATER_THAN"
            case .greaterThanOrEqual: "GREATER_THAN_OR_EQUAL"
            case .equal: "EQUAL"
            case .notEqual: "NOT_EQUAL"
            case .arrayContains: "ARRAY_CONTAINS"
            case .in: "IN"
            case .notIn: "NOT_IN"
            case .arrayContainsAny: "ARRAY_CONTAINS_ANY"
            }
        }

        var isInequality: Bool { [.lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual, .notEqual, .notIn].contains(self) }
    }

    /// Where a cursor comes from.
    public enum CursorSource: Sendable {
        /// Values of the ordered fields, in order.
        case values([FirestoreValue])
        /// A document: its name and fields.
        case document(name: String, fields: [String: FirestoreValue])
    }

    /// The collection's full resource name: `projects/p/databases/d/documents/C` (or a subcollection).
    public let collectionPath: String
    private var selectedFields: [FieldPath]?
    private var filters: [(FieldPath, Operator, FirestoreValue)] = []
    private var orders: [(FieldPath, Bool)] = []
    private var start: (CursorSource, before: Bool)?
    private var end: (CursorSource, before: Bool)?
    private var offsetCount: Int?
    private var limitCount: Int?

    /// Starts a query of the collection at `collectionPath`.
    public init(collectionPath: String) { self.collectionPath = collectionPath }

    /// Returns only these fields (the last call wins; none returns only document names).
    public mutating func select(_ fields: [FieldPath]) { selectedFields = fields }
    /// Adds a filter.
    public mutating func filter(_ field: FieldPath, _ op: Operator, _ value: FirestoreValue) { filters.append((field, op, value)) }
    /// Adds an ordering.
    public mutating func order(by field: FieldPath, descending: Bool = false) { orders.append((field, descending)) }
    /// Starts at (`before: true`) or after (`false`) a position; the last call wins.
    public mutating func start(at source: CursorSource, before: Bool) { start = (source, before) }
    /// Ends before (`before: true`) or at (`false`) a position; the last call wins.
    public mutating func end(at source: CursorSource, before: Bool) { end = (source, before) }
    /// Skips results after the cursors.
    public mutating func offset(_ count: Int) { offsetCount = count }
    /// Returns at most this many results.
    public mutating func limit(_ count: Int) { limitCount = count }

    static let documentName = FieldPath(["__name__"])

    /// The query, or an error naming the rule it breaks.
    public func build() throws(WriteError) -> StructuredQuery {
        let collectionID = String(collectionPath.split(separator: "/").last ?? "")
        var query = StructuredQuery(from: [.init(collectionId: collectionID)])
        if let selectedFields {
            for path in selectedFields { try Self.check(path) }
            let fields = selectedFields.isEmpty ? [Self.documentName] : selectedFields
            query.select = .init(fields: fields.map { .init(fieldPath: $0.encoded) })
        }
        var built: [StructuredQuery.Filter] = []
        for (path, op, value) in filters {
            try Self.check(path)
            built.append(try Self.filter(path, op, value))
        }
        query.where = built.count == 1 ? built[0] : built.isEmpty ? nil : .composite(op: "AND", filters: built)
        var ordering = orders
        for (path, _) in ordering { try Self.check(path) }
        if start.map({ Self.isDocument($0.0) }) == true || end.map({ Self.isDocument($0.0) }) == true {
            ordering = implicitOrdering(ordering)
        }
        if !ordering.isEmpty {
            query.orderBy = ordering.map { .init(field: .init(fieldPath: $0.0.encoded), direction: $0.1 ? "DESCENDING" : "ASCENDING") }
        }
        if let (source, before) = start { query.startAt = try cursor(source, before: before, ordering: ordering) }
        if let (source, before) = end { query.endAt = try cursor(source, before: before, ordering: ordering) }
        query.offset = offsetCount
        query.limit = limitCount
        return query
    }

    static func isDocument(_ source: CursorSource) -> Bool {
        if case .document = source { return true }
        return false
    }

    static func check(_ path: FieldPath) throws(WriteError) {
        guard !path.segments.isEmpty, !path.segments.contains("") else { throw WriteError("field path '\(path.encoded)' has an empty segment") }
    }

    static func filter(_ path: FieldPath, _ op: Operator, _ value: FirestoreValue) throws(WriteError) -> StructuredQuery.Filter {
        let field = StructuredQuery.FieldReference(fieldPath: path.encoded)
        let isNaN = if case .double(let number) = value { number.isNaN } else { false }
        if isNaN || value == .null {
            switch op {
            case .equal: return .unary(op: isNaN ? "IS_NAN" : "IS_NULL", field: field)
            case .notEqual: return .unary(op: isNaN ? "IS_NOT_NAN" : "IS_NOT_NULL", field: field)
            default: throw WriteError("\(isNaN ? "NaN" : "null") only compares with == or !=")
            }
        }
        return .field(field, op: op.wireName, value: value)
    }

    /// With a document cursor: inequality fields not yet ordered come first (in field order), then
    /// `__name__`, in the direction of the last explicit ordering.
    func implicitOrdering(_ explicit: [(FieldPath, Bool)]) -> [(FieldPath, Bool)] {
        var ordering = explicit
        if ordering.isEmpty {
            let inequalities = Set(filters.filter { $0.1.isInequality }.map(\.0)).sorted()
            ordering = inequalities.map { ($0, false) }
        }
        if !ordering.contains(where: { $0.0 == Self.documentName }) {
            ordering.append((Self.documentName, ordering.last?.1 ?? false))
        }
        return ordering
    }

    func cursor(_ source: CursorSource, before: Bool, ordering: [(FieldPath, Bool)]) throws(WriteError) -> StructuredQuery.Cursor {
        switch source {
        case .values(let values):
            guard !values.isEmpty else { throw WriteError("a cursor needs at least one value") }
            guard values.count <= ordering.count else { throw WriteError("a cursor has more values than the query has orderings") }
            var resolved: [FirestoreValue] = []
            for (value, order) in zip(values, ordering) {
                if order.0 == Self.documentName {
                    guard case .string(let id) = value else { throw WriteError("a cursor value for __name__ must be a document ID") }
                    resolved.append(.reference(collectionPath + "/" + id))
                } else {
                    resolved.append(value)
                }
            }
            return .init(values: resolved, before: before)
        case .document(let name, let fields):
            guard name.hasPrefix(collectionPath + "/"), !name.dropFirst(collectionPath.count + 1).contains("/") else {
                throw WriteError("document '\(name)' is not in collection '\(collectionPath)'")
            }
            var values: [FirestoreValue] = []
            for (path, _) in ordering {
                if path == Self.documentName {
                    values.append(.reference(name))
                    continue
                }
                guard let value = Self.value(at: path, in: fields) else { throw WriteError("the document has no field '\(path.encoded)' to start from") }
                values.append(value)
            }
            return .init(values: values, before: before)
        }
    }

    static func value(at path: FieldPath, in fields: [String: FirestoreValue]) -> FirestoreValue? {
        var current = FirestoreValue.map(fields)
        for segment in path.segments {
            guard case .map(let entries) = current, let next = entries[segment] else { return nil }
            current = next
        }
        return current
    }
}
