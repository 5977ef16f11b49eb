/// Recognisers for the text forms of typed literals.
enum Formats {
    /// RFC 3339 `2026-01-31T12:00:00Z` or with a fraction and an offset (`.123456789+02:00`).
    static func isTimestamp(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for index in range {
                guard bytes[index] >= 48, bytes[index] <= 57 else { return nil }
                value = value * 10 + Int(bytes[index] - 48)
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == 45, let month = digits(5..<7), bytes[7] == 45,
              let day = digits(8..<10), bytes[10] == 84 || bytes[10] == 116, let hour = digits(11..<13), bytes[13] == 58,
              let minute = digits(14..<16), bytes[16] == 58, let second = digits(17..<19),
              let year = digits(0..<4), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 61
        else { return false }
        var index = 19
        if bytes[index] == 46 {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            guard index > start, index - start <= 9 else { return false }
        }
        guard index < bytes.count else { return false }
        if bytes[index] == 90 || bytes[index] == 122 { return index + 1 == bytes.count }
        guard bytes[index] == 43 || bytes[index] == 45, index + 6 == bytes.count,
              let offsetHour = digits(index + 1..<index + 3), bytes[index + 3] == 58, let offsetMinute = digits(index + 4..<index + 6)
        else { return false }
        return offsetHour < 24 && offsetMinute < 60
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `123e4567-e89b-12d3-a456-426614174000`.
    static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == 45 else { return false }
            } else if !isHexDigit(byte) {
                return false
            }
        }
        return true
    }

    /// `scheme:rest`, with a scheme as RFC 3986 spells it and something after it.
    static func isAbsoluteURL(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, text[text.index(after: colon)...].count > 0,
              !text.contains(where: \.isWhitespace)
        else { return false }
        let scheme = text[..<colon]
        guard let first = scheme.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else { return false }
        return scheme.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)) }
    }

    /// The decoded length of standard base64 (with padding), or nil when the text is not base64.
    static func base64DecodedCount(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count % 4 == 0 else { return nil }
        var padding = 0
        for (index, byte) in bytes.enumerated() {
            if byte == 61 {
                guard index >= bytes.count - 2 else { return nil }
                padding += 1
            } else {
                guard padding == 0, isBase64Digit(byte) else { return nil }
            }
        }
        return bytes.count / 4 * 3 - padding
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte)
    }

    private static func isBase64Digit(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 43 || byte == 47
    }
}
