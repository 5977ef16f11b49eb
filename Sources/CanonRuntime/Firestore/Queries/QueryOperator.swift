/// A comparison in a field filter: the one operator set of typed queries, named queries and
/// ``QueryBuilder``.
public enum QueryOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "EQUAL", notEqual = "NOT_EQUAL", lessThan = "LESS_THAN", lessThanOrEqual = "LESS_THAN_OR_EQUAL"
    case greaterThan = "GREATER_THAN", greaterThanOrEqual = "GREATER_THAN_OR_EQUAL", `in` = "IN", notIn = "NOT_IN"
    case arrayContains = "ARRAY_CONTAINS", arrayContainsAny = "ARRAY_CONTAINS_ANY"

    /// Whether Firestore orders by the field implicitly (inequalities, `!=` and `not-in`).
    var isInequality: Bool {
        switch self {
        case .notEqual, .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual, .notIn: true
        case .equal, .in, .arrayContains, .arrayContainsAny: false
        }
    }
}
