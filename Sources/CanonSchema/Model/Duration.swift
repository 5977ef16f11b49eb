/// A length of time written as `90s`, `5m`, `1h30m`, `7d` or a number of seconds.
public struct Duration: Sendable, Hashable, CustomStringConvertible {
    /// The length in whole seconds.
    public var seconds: Int64

    /// Creates a duration.
    public init(seconds: Int64) { self.seconds = seconds }

    /// Parses `[<n>d][<n>h][<n>m][<n>s]` (at least one part, units in that order) or a bare
    /// number of seconds; nil when the text does not parse or overflows.
    public init?(parsing text: String) {
        if let whole = Int64(text) {
            self.seconds = whole
            return
        }
        let units: [(Character, Int64)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        var total: Int64 = 0
        var digits = ""
        var nextUnit = 0
        var parts = 0
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            guard let unitIndex = units.firstIndex(where: { $0.0 == character }), unitIndex >= nextUnit,
                  let count = Int64(digits)
            else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: units[unitIndex].1)
            guard !overflow else { return nil }
            let (sum, overflowSum) = total.addingReportingOverflow(product)
            guard !overflowSum else { return nil }
            total = sum
            digits = ""
            nextUnit = unitIndex + 1
            parts += 1
        }
        guard digits.isEmpty, parts > 0 else { return nil }
        self.seconds = total
    }

    /// The canonical spelling, such as `1h30m`.
    public var description: String {
        guard seconds > 0 else { return "\(seconds)s" }
        var rest = seconds
        var text = ""
        for (unit, size) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }

    /// The longest TTL the language accepts: a year. Longer is almost surely a unit mistake.
    public static let maximumTTL = Duration(seconds: 365 * 86_400)
}
