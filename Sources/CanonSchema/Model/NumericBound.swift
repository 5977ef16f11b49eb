/// A `min` or `max` as written: an integer stays exact (a `Double` cannot hold every 64-bit
/// integer, so `max: 9007199254740993` would silently become another bound).
public enum NumericBound: Sendable, Hashable, CustomStringConvertible {
    /// A plain integer within the 64-bit range.
    case int(Int64)
    /// Any other finite number, including a whole one written as a float (`1e3`) or one outside
    /// the 64-bit range.
    case double(Double)

    /// The bound as a `Double`, for `double` fields.
    public var doubleValue: Double {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        }
    }

    /// The bound as an integer, for `int` fields: nil when it is not whole or is outside the
    /// 64-bit range.
    public var exactInteger: Int64? {
        switch self {
        case .int(let value): value
        case .double(let value): Int64(exactly: value)
        }
    }

    /// Whether `self <= number`: exactly when both are plain integers (an `int` field and its
    /// bounds), otherwise as the generated check compares them, as doubles.
    func allows(atLeast number: NumericBound) -> Bool {
        if case .int(let bound) = self, case .int(let value) = number { return bound <= value }
        return doubleValue <= number.doubleValue
    }

    public var description: String {
        switch self {
        case .int(let value): String(value)
        case .double(let value): value.compact
        }
    }
}

extension Double {
    /// A whole number no `Int64` holds: an integer written past 64 bits, which the YAML loader
    /// keeps as a double so that a range check can name it.
    var isWholeOutsideInt64: Bool { rounded() == self && Int64(exactly: self) == nil }

    /// How range errors name the range.
    static let int64RangeText = "the 64-bit integer range \(Int64.min)...\(Int64.max)"
}
