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
