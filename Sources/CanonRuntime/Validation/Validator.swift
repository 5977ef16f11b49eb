/// Collects constraint violations for generated `validate()` methods, so that generated code
/// states only which constraints apply to which field.
public struct Validator: Sendable {
    private let typeName: String
    private let prefix: String
    /// The violations found so far.
    public private(set) var issues: [ValidationError.Issue] = []

    /// Starts validating a value of the named type.
    public init(typeName: String, prefix: String = "") {
        self.typeName = typeName
        self.prefix = prefix
    }

    /// Throws the collected violations, if any.
    public func finish() throws(ValidationError) {
        if !issues.isEmpty { throw ValidationError(typeName: typeName, issues: issues) }
    }

    private mutating func fail(_ path: String, _ constraint: String, _ message: String) {
        issues.append(.init(path: prefix + path, constraint: constraint, message: message))
    }

    /// Checks a number against inclusive bounds.
    public mutating func check<Number: BinaryInteger>(_ value: Number?, _ path: String, min: Number? = nil, max: Number? = nil) {
        guard let value else { return }
        if let min, value < min { fail(path, "min", "\(value) is less than the minimum \(min)") }
        if let max, value > max { fail(path, "max", "\(value) is greater than the maximum \(max)") }
    }

    /// Checks a floating-point number against inclusive bounds; NaN fails any bound.
    public mutating func check(_ value: Double?, _ path: String, min: Double? = nil, max: Double? = nil) {
        guard let value else { return }
        if let min, !(value >= min) { fail(path, "min", "\(value) is less than the minimum \(min)") }
        if let max, !(value <= max) { fail(path, "max", "\(value) is greater than the maximum \(max)") }
    }

    /// Checks a string's length in characters and, optionally, a whole-string pattern.
    public mutating func check(_ value: String?, _ path: String, minLength: Int? = nil, maxLength: Int? = nil,
                               pattern: Pattern? = nil) {
        guard let value else { return }
        checkLength(value.count, path, minLength: minLength, maxLength: maxLength, unit: "characters")
        if let pattern, !pattern.matches(value) {
            fail(path, "pattern", "does not match the pattern \(pattern.source)")
        }
    }

    /// Checks a byte count.
    public mutating func check(_ value: Bytes?, _ path: String, minLength: Int? = nil, maxLength: Int? = nil) {
        guard let value else { return }
        checkLength(value.count, path, minLength: minLength, maxLength: maxLength, unit: "bytes")
    }

    /// Checks the number of elements of a list or entries of a map.
    public mutating func checkItems(_ count: Int?, _ path: String, minItems: Int? = nil, maxItems: Int? = nil) {
        guard let count else { return }
        if let minItems, count < minItems { fail(path, "min_items", "has \(count) items, fewer than \(minItems)") }
        if let maxItems, count > maxItems { fail(path, "max_items", "has \(count) items, more than \(maxItems)") }
    }

    /// Validates a nested value (or list or map of them), prefixing its issues with `path`.
    public mutating func nested<Value: Validatable>(_ value: Value?, _ path: String) {
        guard let value else { return }
        do {
            try value.validate()
        } catch {
            issues += error.issues.map {
                .init(path: prefix + path + ($0.path.hasPrefix("[") ? "" : ".") + $0.path, constraint: $0.constraint, message: $0.message)
            }
        }
    }

    private mutating func checkLength(_ count: Int, _ path: String, minLength: Int?, maxLength: Int?, unit: String) {
        if let minLength, count < minLength { fail(path, "min_length", "has \(count) \(unit), fewer than \(minLength)") }
        if let maxLength, count > maxLength { fail(path, "max_length", "has \(count) \(unit), more than \(maxLength)") }
    }
}

/// A value whose constraints a generated `validate()` checks.
public protocol Validatable {
    /// Throws every violated constraint at once.
    func validate() throws(ValidationError)
}

/// A list of validatable values validates each, as `[index]`.
extension Array: Validatable where Element: Validatable {
    public func validate() throws(ValidationError) {
        var validator = Validator(typeName: "Array")
        for (index, element) in enumerated() { validator.nested(element, "[\(index)]") }
        try validator.finish()
    }
}

/// A map of validatable values validates each, as `[key]`, in key order.
extension Dictionary: Validatable where Key == String, Value: Validatable {
    public func validate() throws(ValidationError) {
        var validator = Validator(typeName: "Dictionary")
        for (key, value) in sorted(by: { $0.key < $1.key }) { validator.nested(value, "[\(key)]") }
        try validator.finish()
    }
}
