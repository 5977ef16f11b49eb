/// A comparison in a field filter: the one operator set of typed queries, named queries and
/// ``QueryBuilder``.
public enum QueryOperator: String, Sendable, Hashable, CaseIterable {
    /// `==`: the field equals the value.
    case equal = "EQUAL"
    /// `!=`: the field exists and differs from the value; Firestore excludes documents without it.
    case notEqual = "NOT_EQUAL"
    /// `<`: the field orders before the value, within the value's type.
    case lessThan = "LESS_THAN"
    /// `<=`: the field orders before or equals the value, within the value's type.
    case lessThanOrEqual = "LESS_THAN_OR_EQUAL"
    /// `>`: the field orders after the value, within the value's type.
    case greaterThan = "GREATER_THAN"
    /// `>=`: the field orders after or equals the value, within the value's type.
    case greaterThanOrEqual = "GREATER_THAN_OR_EQUAL"
    /// `in`: the field equals one of the values of an array (Firestore takes at most 30).
    case `in` = "IN"
    /// `not-in`: the field exists and equals none of the values of an array (Firestore takes at
    /// most 10).
    case notIn = "NOT_IN"
    /// `array-contains`: the field is an array holding the value.
    case arrayContains = "ARRAY_CONTAINS"
    /// `array-contains-any`: the field is an array holding one of the values (Firestore takes at
    /// most 30).
    case arrayContainsAny = "ARRAY_CONTAINS_ANY"

    /// Whether Firestore orders by the field implicitly (inequalities, `!=` and `not-in`).
    var isInequality: Bool {
        switch self {
        case .notEqual, .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual, .notIn: true
        case .equal, .in, .arrayContains, .arrayContainsAny: false
        }
    }
}
