/// Value constraints on a field, checked by the generated `validate()` and by the validator
/// against the field's default.
public struct Constraints: Sendable, Hashable {
    /// The smallest allowed number (`min`).
    public var min: Located<NumericBound>?
    /// The largest allowed number (`max`).
    public var max: Located<NumericBound>?
    /// The fewest characters of a string or bytes of `bytes` (`min_length`).
    public var minLength: Located<Int>?
    /// The most characters of a string or bytes of `bytes` (`max_length`).
    public var maxLength: Located<Int>?
    /// A regular expression a string must match in whole (`pattern`).
    public var pattern: Located<String>?
    /// The fewest elements of a list or entries of a map (`min_items`).
    public var minItems: Located<Int>?
    /// The most elements of a list or entries of a map (`max_items`).
    public var maxItems: Located<Int>?

    /// No constraints.
    public init() {}

    /// Whether no constraint is set.
    public var isEmpty: Bool {
        min == nil && max == nil && minLength == nil && maxLength == nil && pattern == nil
            && minItems == nil && maxItems == nil
    }
}
