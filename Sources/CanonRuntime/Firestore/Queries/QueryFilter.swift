/// A filter of a named query: a field (by storage key path), an operator and a value.
@_spi(Generated) public struct QueryFilter: Sendable, Hashable {
    /// The operators, as ``QueryOperator``.
    public typealias Operator = QueryOperator

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
}
