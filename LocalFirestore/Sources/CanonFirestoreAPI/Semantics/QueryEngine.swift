import CanonRuntime

/// A document as a read sees it.
struct DocumentSnapshot: Sendable {
    var path: DocumentPath
    var fields: [String: FirestoreValue]
    var createTime: Timestamp
    var updateTime: Timestamp
}

/// Runs structured queries the way Firestore (Standard edition) does: from → where → order
/// (with the implicit part) → cursors → offset → limit → select.
enum QueryEngine {
    /// Checks the query against Firestore's rules and returns its full ordering.
    static func plan(_ query: Query, database: DatabaseName, parent: [String]) throws(RPCError) -> [Query.Order] {
        var inequalityFields: [ParsedFieldPath] = []
        var notOperators = 0
        var hasNotIn = false, hasDisjunction = false
        func visit(_ filter: Query.Filter) throws(RPCError) {
            switch filter {
            case .and(let filters):
                var arrayContainsAny = 0
                for inner in filters {
                    if case .field(_, .arrayContainsAny, _) = inner { arrayContainsAny += 1 }
                    try visit(inner)
                }
                if arrayContainsAny > 1 { throw RPCError.invalid("A query may have at most one ARRAY_CONTAINS_ANY filter in a conjunction.") }
            case .or(let filters):
                hasDisjunction = true
                for inner in filters { try visit(inner) }
            case .field(let path, let op, let value):
                if op.isInequality, !inequalityFields.contains(path) { inequalityFields.append(path) }
                switch op {
                case .in_, .arrayContainsAny, .notIn:
                    guard case .array(let values) = value, !values.isEmpty else {
                        throw RPCError.invalid("'\(op.rawValue)' requires a non-empty ArrayValue.")
                    }
                    let maximum = op == .notIn ? 10 : 30
                    guard values.count <= maximum else {
                        throw RPCError.invalid("'\(op.rawValue)' supports up to \(maximum) comparison values, not \(values.count).")
                    }
                    if op == .in_ || op == .arrayContainsAny { hasDisjunction = true }
                    if path.isDocumentName, op != .arrayContainsAny {
                        for element in values {
                            guard case .reference = element else { throw RPCError.invalid("__name__ filter values must be document references.") }
                            try checkNameValue(element, query: query, database: database, parent: parent, what: "filter")
                        }
                    }
                default:
                    if path.isDocumentName {
                        guard op != .arrayContains, op != .arrayContainsAny else {
                            throw RPCError.invalid("'\(op.rawValue)' cannot be used on __name__.")
                        }
                        guard case .reference = value else { throw RPCError.invalid("__name__ filter values must be document references.") }
                        try checkNameValue(value, query: query, database: database, parent: parent, what: "filter")
                    }
                }
                if op == .notEqual || op == .notIn { notOperators += 1 }
                if op == .notIn { hasNotIn = true }
            case .unary(let path, let op):
                if op == .isNotNaN || op == .isNotNull {
                    notOperators += 1
                    if !inequalityFields.contains(path) { inequalityFields.append(path) }
                }
            }
        }
        if let filter = query.filter { try visit(filter) }
        if notOperators > 1 {
            throw RPCError.invalid("A query may have at most one NOT_EQUAL, NOT_IN, IS_NOT_NULL or IS_NOT_NAN filter.")
        }
        if hasNotIn, hasDisjunction {
            throw RPCError.invalid("NOT_IN cannot be combined with OR, IN or ARRAY_CONTAINS_ANY filters in the same query.")
        }
        if let filter = query.filter, disjunctionCount(filter) > 30 {
            throw RPCError.invalid("The query has \(disjunctionCount(filter)) disjunctions in disjunctive normal form; the limit is 30.")
        }

        var order = query.orderBy
        let direction = order.last?.descending ?? false
        for path in inequalityFields.sorted() where !order.contains(where: { $0.path == path }) && !path.isDocumentName {
            order.append(Query.Order(path: path, descending: direction))
        }
        if !order.contains(where: { $0.path.isDocumentName }) {
            order.append(Query.Order(path: .documentName, descending: direction))
        }
        for cursor in [query.startAt, query.endAt].compactMap({ $0 }) {
            guard cursor.values.count <= order.count else {
                throw RPCError.invalid("Too many cursor values: the query orders by \(order.count) field\(order.count == 1 ? "" : "s"), the cursor has \(cursor.values.count).")
            }
            for (value, item) in zip(cursor.values, order) where item.path.isDocumentName {
                guard case .reference = value else { throw RPCError.invalid("A cursor value for __name__ must be a document reference.") }
                try checkNameValue(value, query: query, database: database, parent: parent, what: "cursor")
            }
        }
        return order
    }

    /// `__name__` values must name documents the query can return.
    private static func checkNameValue(_ value: FirestoreValue, query: Query, database: DatabaseName, parent: [String], what: String) throws(RPCError) {
        guard case .reference(let name) = value else { return }
        let (valueDatabase, path) = try ResourceName.document(name)
        let inCollection = query.allDescendants
            ? path.segments.count > parent.count && Array(path.segments.prefix(parent.count)) == parent
            : path.parent == parent && path.collectionID == query.collectionID
        guard valueDatabase == database, inCollection else {
            throw RPCError.invalid("The \(what) value \"\(name)\" for __name__ is not a document of the queried collection.")
        }
    }

    static func disjunctionCount(_ filter: Query.Filter) -> Int {
        switch filter {
        case .and(let filters): filters.reduce(1) { $0 * disjunctionCount($1) }
        case .or(let filters): filters.reduce(0) { $0 + disjunctionCount($1) }
        case .field(_, .in_, .array(let values)), .field(_, .arrayContainsAny, .array(let values)): max(values.count, 1)
        default: 1
        }
    }

    /// Filters, orders, applies cursors and offset and limit; returns the page and how many the
    /// offset skipped.
    static func run(_ query: Query, order: [Query.Order], candidates: [DocumentSnapshot], database: DatabaseName) -> (documents: [DocumentSnapshot], skipped: Int) {
        func value(_ document: DocumentSnapshot, _ path: ParsedFieldPath) -> FirestoreValue? {
            path.isDocumentName ? .reference(database.name(of: document.path)) : Fields.value(at: path, in: document.fields)
        }
        var rows: [(document: DocumentSnapshot, keys: [FirestoreValue])] = []
        rows.reserveCapacity(candidates.count)
        candidateLoop: for document in candidates {
            if let filter = query.filter, !matches(filter, document: document, value: value) { continue }
            var keys: [FirestoreValue] = []
            keys.reserveCapacity(order.count)
            for item in order {
                guard let key = value(document, item.path) else { continue candidateLoop }
                keys.append(key)
            }
            rows.append((document, keys))
        }
        rows.sort { left, right in
            for (index, item) in order.enumerated() {
                let result = ValueOrder.compare(left.keys[index], right.keys[index])
                if result != 0 { return item.descending ? result > 0 : result < 0 }
            }
            return false
        }
        func position(_ keys: [FirestoreValue], _ cursor: Query.Cursor) -> Int {
            for (index, cursorValue) in cursor.values.enumerated() {
                let result = ValueOrder.compare(keys[index], cursorValue)
                if result != 0 { return order[index].descending ? -result : result }
            }
            return 0
        }
        if let start = query.startAt {
            rows.removeAll { row in
                let result = position(row.keys, start)
                return !(result > 0 || (result == 0 && start.before))
            }
        }
        if let end = query.endAt {
            rows.removeAll { row in
                let result = position(row.keys, end)
                return !(result < 0 || (result == 0 && !end.before))
            }
        }
        let skipped = min(query.offset, rows.count)
        var page = rows.dropFirst(skipped).map(\.document)
        if let limit = query.limit, page.count > limit { page.removeLast(page.count - limit) }
        if let select = query.select, !select.isEmpty {
            let paths = select.filter { !$0.isDocumentName }
            page = page.map { document in
                var projected = document
                projected.fields = Fields.project(document.fields, onto: paths)
                return projected
            }
        }
        return (page, skipped)
    }

    static func matches(_ filter: Query.Filter, document: DocumentSnapshot, value: (DocumentSnapshot, ParsedFieldPath) -> FirestoreValue?) -> Bool {
        switch filter {
        case .and(let filters): return filters.allSatisfy { matches($0, document: document, value: value) }
        case .or(let filters): return filters.contains { matches($0, document: document, value: value) }
        case .unary(let path, let op):
            guard let field = value(document, path) else { return false }
            switch op {
            case .isNull: return field == .null
            case .isNaN: if case .double(let number) = field { return number.isNaN } else { return false }
            case .isNotNull: return field != .null
            case .isNotNaN:
                if field == .null { return false }
                if case .double(let number) = field { return !number.isNaN }
                return true
            }
        case .field(let path, let op, let operand):
            // A missing field matches no filter, `!=` and NOT_IN included.
            guard let field = value(document, path) else { return false }
            switch op {
            case .equal: return ValueOrder.equal(field, operand)
            case .notEqual: return field != .null && !ValueOrder.equal(field, operand)
            case .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual:
                // Ranges only match values of the operand's type (numbers count as one type).
                guard ValueOrder.typeRank(field) == ValueOrder.typeRank(operand) else { return false }
                let result = ValueOrder.compare(field, operand)
                switch op {
                case .lessThan: return result < 0
                case .lessThanOrEqual: return result <= 0
                case .greaterThan: return result > 0
                default: return result >= 0
                }
            case .arrayContains:
                guard case .array(let elements) = field else { return false }
                return elements.contains { ValueOrder.equal($0, operand) }
            case .in_:
                guard case .array(let options) = operand else { return false }
                return options.contains { ValueOrder.equal(field, $0) }
            case .arrayContainsAny:
                guard case .array(let elements) = field, case .array(let options) = operand else { return false }
                return elements.contains { element in options.contains { ValueOrder.equal(element, $0) } }
            case .notIn:
                guard case .array(let options) = operand, field != .null else { return false }
                if options.contains(.null) { return false }
                return !options.contains { ValueOrder.equal(field, $0) }
            }
        }
    }
}
