/// Collects constraint violations for generated `validate()` methods, so that generated code
/// states only which constraints apply to which field.
@_spi(Generated)
public struct Validator: Sendable {
    private let typeName: String
    /// The violations found so far.
    public private(set) var issues: [ValidationError.Issue] = []

    /// Starts validating a value of the named type.
    public init(typeName: String) {
        self.typeName = typeName
    }

    /// Throws the collected violations, if any, as one ``ValidationError``.
    public func finish() throws {
        if !issues.isEmpty { throw ValidationError(typeName: typeName, issues: issues) }
    }

    private mutating func fail(_ path: String, _ constraint: String, _ message: String) {
        issues.append(.init(path: path, constraint: constraint, message: message))
    }

    // One name per value type, none overloaded: generated code calls these with literal bounds,
    // and overloads would make the type checker try each one at every call.

    /// Checks an integer against inclusive bounds.
    public mutating func checkInt(_ value: Int?, _ path: String, min: Int? = nil, max: Int? = nil) {
        guard let value else { return }
        if let min, value < min { fail(path, "min", "\(value) is less than the minimum \(min)") }
        if let max, value > max { fail(path, "max", "\(value) is greater than the maximum \(max)") }
    }

    /// Checks a floating-point number against inclusive bounds; NaN fails any bound.
    public mutating func checkDouble(_ value: Double?, _ path: String, min: Double? = nil, max: Double? = nil) {
        guard let value else { return }
        if let min, !(value >= min) { fail(path, "min", "\(value) is less than the minimum \(min)") }
        if let max, !(value <= max) { fail(path, "max", "\(value) is greater than the maximum \(max)") }
    }

    /// Checks a string's length in characters and, optionally, a whole-string pattern.
    public mutating func checkString(_ value: String?, _ path: String, minLength: Int? = nil, maxLength: Int? = nil,
                                     pattern: Pattern? = nil) {
        guard let value else { return }
        checkLength(value.count, path, minLength: minLength, maxLength: maxLength, unit: "characters")
        if let pattern, !pattern.matches(value) {
            fail(path, "pattern", "does not match the pattern \(pattern.source)")
        }
    }

    /// Checks a byte count.
    public mutating func checkBytes(_ value: Bytes?, _ path: String, minLength: Int? = nil, maxLength: Int? = nil) {
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
        } catch let error as ValidationError {
            issues += error.issues.map {
                .init(path: path + ($0.path.hasPrefix("[") ? "" : ".") + $0.path, constraint: $0.constraint, message: $0.message)
            }
        } catch {
            issues.append(.init(path: path, constraint: "validate", message: "\(error)"))
        }
    }

    private mutating func checkLength(_ count: Int, _ path: String, minLength: Int?, maxLength: Int?, unit: String) {
        if let minLength, count < minLength { fail(path, "min_length", "has \(count) \(unit), fewer than \(minLength)") }
        if let maxLength, count > maxLength { fail(path, "max_length", "has \(count) \(unit), more than \(maxLength)") }
    }
}
