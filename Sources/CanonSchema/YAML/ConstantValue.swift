/// A literal value written in a schema: a default, an enum raw value, a query operand.
public indirect enum ConstantValue: Sendable, Hashable {
    /// One entry of a map literal.
    public struct MapEntry: Sendable, Hashable {
        /// The key.
        public var key: Located<String>
        /// The value.
        public var value: Located<ConstantValue>
    }

    /// `null` or `~` or nothing.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A 64-bit integer.
    case int(Int64)
    /// A floating-point number, including `.inf` and `.nan`.
    case double(Double)
    /// A string.
    case string(String)
    /// A list.
    case array([Located<ConstantValue>])
    /// A map with string keys, in document order.
    case map([MapEntry])

    /// A few words naming the value's kind, for messages.
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .array: "a list"
        case .map: "a mapping"
        }
    }

    /// The value as a string, when it is one.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

extension YAMLScalar {
    /// The value by the YAML 1.2 core schema: quoted scalars are strings, plain ones may be
    /// null, booleans, integers (decimal, `0x`, `0o`) or floats.
    public var resolved: ConstantValue {
        guard style == .plain else { return .string(text) }
        // Most plain scalars are words; only these first characters can start anything else.
        if let first = text.utf8.first, !Self.nonStringStarts.contains(first) { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
            || first == UInt8(ascii: ".") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
        else { return .string(text) }
        if text.hasPrefix("0x"), let value = Int64(text.dropFirst(2), radix: 16) { return .int(value) }
        if text.hasPrefix("0o"), let value = Int64(text.dropFirst(2), radix: 8) { return .int(value) }
        if Self.isDecimalInteger(text) {
            // Out of Int64's range: keep it a number so a range check can name it. Just below
            // Int64.min the nearest double is Int64.min itself; step past it so that it still
            // reads as out of range.
            if let value = Int64(text) { return .int(value) }
            if let value = Double(text) { return .double(Int64(exactly: value) == nil ? value : value.nextDown) }
        }
        if Self.isCoreFloat(text), let value = Double(text) { return .double(value) }
        return .string(text)
    }

    private static let nonStringStarts: Set<UInt8> = Set("~nNtTfF.+-0123456789".utf8)

    private static func isDecimalInteger(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
    private static func isCoreFloat(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        func digits() -> Int {
            var count = 0
            while let b = bytes.first, b >= 48, b <= 57 { bytes = bytes.dropFirst(); count += 1 }
            return count
        }
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let whole = digits()
        var fraction = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = digits()
            if whole == 0 && fraction == 0 { return false }
        } else if whole == 0 {
            return false
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            if digits() == 0 { return false }
        }
        return bytes.isEmpty
    }
}
