import CanonRuntime

/// A `StructuredQuery`, checked, with its paths parsed and its operators typed.
struct Query: Sendable {
    enum FieldOperator: String, Sendable {
        case lessThan = "LESS_THAN", lessThanOrEqual = "LESS_THAN_OR_EQUAL"
        case greaterThan = "GREATER_THAN", greaterThanOrEqual = "GREATER_THAN_OR_EQUAL"
        case equal = "EQUAL", notEqual = "NOT_EQUAL", arrayContains = "ARRAY_CONTAINS"
        case in_ = "IN", arrayContainsAny = "ARRAY_CONTAINS_ANY", notIn = "NOT_IN"

        var isInequality: Bool {
            switch self {
            case .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual, .notEqual, .notIn: true
            default: false
            }
        }
    }

    enum UnaryOperator: String, Sendable {
        case isNaN = "IS_NAN", isNull = "IS_NULL", isNotNaN = "IS_NOT_NAN", isNotNull = "IS_NOT_NULL"
    }

    indirect enum Filter: Sendable {
        case and([Filter])
        case or([Filter])
        case field(ParsedFieldPath, FieldOperator, FirestoreValue)
        case unary(ParsedFieldPath, UnaryOperator)
    }

    struct Order: Sendable {
        var path: ParsedFieldPath
        var descending: Bool
    }

    struct Cursor: Sendable {
        var values: [FirestoreValue]
        var before: Bool
    }

    var collectionID: String
    var allDescendants: Bool
    var filter: Filter?
    /// As requested; ``effectiveOrder`` adds the implicit part.
    var orderBy: [Order]
    var startAt: Cursor?
    var endAt: Cursor?
    var offset: Int
    var limit: Int?
    /// nil or empty: every field; `__name__` alone: none.
    var select: [ParsedFieldPath]?
}
