/// A value whose constraints a generated `validate()` checks.
///
/// `validate()` throws a ``ValidationError`` listing every violation. It is declared with plain
/// `throws` rather than `throws(ValidationError)`: typed throws made a module of 100 generated
/// models take several times longer to compile (see `Benchmarks/run-compile-benchmark.sh`).
public protocol Validatable {
    /// Throws a ``ValidationError`` listing every violated constraint.
    func validate() throws
}

/// A list of validatable values validates each, as `[index]`.
extension Array: Validatable where Element: Validatable {
    public func validate() throws {
        var validator = Validator(typeName: "Array")
        for (index, element) in enumerated() { validator.nested(element, "[\(index)]") }
        try validator.finish()
    }
}

/// A map of validatable values validates each, as `[key]`, in key order.
extension Dictionary: Validatable where Key == String, Value: Validatable {
    public func validate() throws {
        var validator = Validator(typeName: "Dictionary")
        for (key, value) in sorted(by: { $0.key < $1.key }) { validator.nested(value, "[\(key)]") }
        try validator.finish()
    }
}
