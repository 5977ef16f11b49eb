/// The field comparison of generated models' `==`.
///
/// A generated `==` compares field by field through ``same(_:_:)``, one generic function that
/// the type checker resolves at once, where the `==` a synthesized conformance writes per field
/// makes it weigh every `==` overload in scope: most of what `Hashable` costs a generated
/// module's debug build. In optimized builds it inlines to the field type's own `==`.
public enum FieldEquality {
    /// Whether two values of a field are equal, by the field type's `==`.
    @inlinable
    public static func same<Value: Equatable>(_ lhs: Value, _ rhs: Value) -> Bool { lhs == rhs }
}
