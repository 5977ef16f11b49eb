/// Builds a ``StructuredQuery`` the way Firestore's clients do, and the only way the runtime
/// builds one (Google's conformance cases check it): filters on `NaN` and `null` become unary
/// filters, several filters an `AND`, and a cursor taken from a document adds the ordering
/// Firestore applies (``completeOrdering``) and takes that ordering's values.
public struct QueryBuilder: Sendable {
    /// The operators, as ``QueryOperator``.
    public typealias Operator = QueryOperator

    /// Where a cursor comes from.
    public enum CursorSource: Sendable, Hashable {
        /// Values of the ordered fields, in order. For `__name__`, a document ID (or, in a
        /// collection-group query, a path below the parent) or a reference.
        case values([FirestoreValue])
        /// A document: its name and (at least its ordered) fields.
        case document(name: String, fields: [String: FirestoreValue])
    }

    /// The collection's full resource name: `projects/p/databases/d/documents/C` (or a
    /// subcollection). For a collection-group query, the parent's name followed by the ID.
    public let collectionPath: String
    /// Whether every collection with this ID below the parent is queried (a collection group).
    public let allDescendants: Bool
    private var selectedFields: [FieldPath]?
    private var filters: [(FieldPath, Operator, FirestoreValue)] = []
    private var orders: [(field: FieldPath, descending: Bool)] = []
    private var start: (CursorSource, before: Bool)?
    private var end: (CursorSource, before: Bool)?
    private var offsetCount: Int?
    private var limitCount: Int?

    /// Starts a query of the collection at `collectionPath`; with `allDescendants`, of every
    /// collection with its ID below its parent.
    public init(collectionPath: String, allDescendants: Bool = false) {
        self.collectionPath = collectionPath
        self.allDescendants = allDescendants
    }

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

    /// The ordering Firestore applies to the results: the explicit one, then the inequality
    /// fields it does not name (in field order), then `__name__`, each in the direction of the
    /// last explicit ordering.
    public var completeOrdering: [(field: FieldPath, descending: Bool)] {
        var ordering = orders
        let direction = orders.last?.descending ?? false
        let inequalities = Set(filters.filter { $0.1.isInequality }.map(\.0))
        for path in inequalities.sorted() where path != Self.documentName && !ordering.contains(where: { $0.field == path }) {
            ordering.append((path, direction))
        }
        if !ordering.contains(where: { $0.field == Self.documentName }) { ordering.append((Self.documentName, direction)) }
        return ordering
    }

    /// The query, or an error naming the rule it breaks.
    public func build() throws(WriteError) -> StructuredQuery {
        let collectionID = String(collectionPath.split(separator: "/").last ?? "")
        var query = StructuredQuery(from: [.init(collectionId: collectionID, allDescendants: allDescendants ? true : nil)])
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
        for (path, _) in orders { try Self.check(path) }
        // A cursor from a document positions on every field Firestore orders by, so the
        // ordering is sent whole (the clients' rule); values position on the explicit ordering.
        let fromDocument = [start?.0, end?.0].contains { if case .document? = $0 { true } else { false } }
        let ordering = fromDocument ? completeOrdering : orders
        if !ordering.isEmpty {
            query.orderBy = ordering.map { .init(field: .init(fieldPath: $0.field.encoded), direction: $0.descending ? "DESCENDING" : "ASCENDING") }
        }
        if let (source, before) = start { query.startAt = try cursor(source, before: before, ordering: ordering) }
        if let (source, before) = end { query.endAt = try cursor(source, before: before, ordering: ordering) }
        query.offset = offsetCount
        query.limit = limitCount
        return query
    }

    static func check(_ path: FieldPath) throws(WriteError) {
        guard !path.segments.isEmpty, !path.segments.contains("") else { throw WriteError("field path '\(path.encoded)' has an empty segment") }
    }

    /// A field filter; `== null`, `!= null`, `== NaN` and `!= NaN` are unary filters on the wire.
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
        return .field(field, op: op.rawValue, value: value)
    }

    /// The parent of the queried collections: the documents root or a document.
    private var parentPath: Substring { collectionPath[..<(collectionPath.lastIndex(of: "/") ?? collectionPath.startIndex)] }

    /// Whether `name` is a document the query can return.
    private func contains(_ name: String) -> Bool {
        guard allDescendants else {
            return name.hasPrefix(collectionPath + "/") && !name.dropFirst(collectionPath.count + 1).contains("/")
        }
        let segments = name.dropFirst(parentPath.count + 1).split(separator: "/", omittingEmptySubsequences: false)
        let collectionID = collectionPath.split(separator: "/").last
        return name.hasPrefix(parentPath + "/") && segments.count.isMultiple(of: 2) && segments.dropLast().last == collectionID
    }

    func cursor(_ source: CursorSource, before: Bool, ordering: [(field: FieldPath, descending: Bool)]) throws(WriteError) -> StructuredQuery.Cursor {
        switch source {
        case .values(let values):
            guard !values.isEmpty else { throw WriteError("a cursor needs at least one value") }
            guard values.count <= ordering.count else { throw WriteError("a cursor has more values than the query has orderings") }
            var resolved: [FirestoreValue] = []
            for (value, order) in zip(values, ordering) {
                guard order.field == Self.documentName else {
                    resolved.append(value)
                    continue
                }
                let name: String
                switch value {
                case .string(let id): name = (allDescendants ? parentPath : Substring(collectionPath)) + "/" + id
                case .reference(let reference): name = reference
                default: throw WriteError("a cursor value for __name__ must be a document ID or reference")
                }
                guard contains(name) else { throw WriteError("document '\(name)' is not in collection '\(collectionPath)'") }
                resolved.append(.reference(name))
            }
            return .init(values: resolved, before: before)
        case .document(let name, let fields):
            guard contains(name) else { throw WriteError("document '\(name)' is not in collection '\(collectionPath)'") }
            var values: [FirestoreValue] = []
            for (path, _) in ordering {
                if path == Self.documentName {
                    values.append(.reference(name))
                    continue
                }
                guard let value = fields.value(at: path) else { throw WriteError("the document has no field '\(path.encoded)' to start from") }
                values.append(value)
            }
            return .init(values: values, before: before)
        }
    }
}
