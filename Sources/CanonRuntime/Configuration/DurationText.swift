/// Durations as configuration writes them: `250ms`, `30s`, `5m`, `1h30m`, `7d`: one or more
/// whole numbers, each with its unit, largest first.
enum DurationText {
    /// The duration `text` writes, or nil if it is not of that form.
    static func parse(_ text: String) -> Duration? {
        var total = Duration.zero
        var digits = ""
        var units: [String] = []
        var characters = Array(text)[...]
        guard !characters.isEmpty else { return nil }
        while let character = characters.first {
            if character.isASCII, character.isNumber {
                digits.append(character)
                characters = characters.dropFirst()
                continue
            }
            guard !digits.isEmpty, let value = Int64(digits), value <= 1_000_000_000 else { return nil }
            let unit: String
            if characters.starts(with: "ms") { unit = "ms" } else { unit = String(character) }
            characters = characters.dropFirst(unit.count)
            switch unit {
            case "ms": total += .milliseconds(value)
            case "s": total += .seconds(value)
            case "m": total += .seconds(value * 60)
            case "h": total += .seconds(value * 3_600)
            case "d": total += .seconds(value * 86_400)
            default: return nil
            }
            units.append(unit)
            digits = ""
        }
        // A trailing number without a unit, or units out of order (`5s1m`), is not a duration.
        let order = ["d", "h", "m", "s", "ms"]
        let ranks = units.compactMap { order.firstIndex(of: $0) }
        guard digits.isEmpty, ranks == ranks.sorted(), Set(ranks).count == ranks.count else { return nil }
        return total
    }

    /// `duration` as configuration writes it, in the largest units that are exact.
    static func format(_ duration: Duration) -> String {
        var milliseconds = duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
        guard milliseconds > 0 else { return "0s" }
        var text = ""
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1)] where milliseconds >= size {
            text += "\(milliseconds / size)\(unit)"
            milliseconds %= size
        }
        return text
    }
}
