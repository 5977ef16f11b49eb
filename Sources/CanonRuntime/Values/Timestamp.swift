import Foundation

/// An instant with nanosecond precision, as Firestore stores it.
///
/// Encodes to plain JSON as an RFC 3339 string in UTC with 0, 3, 6 or 9 fractional digits
/// (`2026-01-31T12:00:00.123456789Z`), the form protobuf's JSON mapping uses; the Firestore
/// coder writes it as a `timestampValue`.
public struct Timestamp: Sendable, Hashable, Comparable, StringCoded, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64
    /// Nanoseconds past `seconds`, from 0 to 999,999,999.
    public var nanoseconds: Int32

    /// Creates a timestamp, normalising nanoseconds outside `0..<1e9` into seconds.
    public init(seconds: Int64, nanoseconds: Int32 = 0) {
        let carry = Int64(nanoseconds).quotientAndRemainder(dividingBy: 1_000_000_000)
        var seconds = seconds + carry.quotient
        var nanos = carry.remainder
        if nanos < 0 {
            nanos += 1_000_000_000
            seconds -= 1
        }
        self.seconds = seconds
        self.nanoseconds = Int32(nanos)
    }

    /// The instant of a `Date` (to the microsecond or so that `Date` holds).
    public init(_ date: Date) {
        let interval = date.timeIntervalSince1970
        let seconds = interval.rounded(.down)
        self.init(seconds: Int64(seconds), nanoseconds: Int32(((interval - seconds) * 1e9).rounded()))
    }

    /// Now, by the local clock.
    public static func now() -> Timestamp { Timestamp(Date()) }

    /// The nearest `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1e9) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// The RFC 3339 form.
    public var description: String { rfc3339 }

    /// `YYYY-MM-DDTHH:MM:SS[.fff[fff[fff]]]Z`.
    public var rfc3339: String {
        let days = Int64((Double(seconds) / 86_400).rounded(.down))
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilDate.fromDays(days)
        // Written digit by digit into one buffer: every document's times pass through here.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(30)
        func digits(_ value: Int64, _ width: Int) {
            var value = value
            if value < 0 {
                bytes.append(UInt8(ascii: "-"))
                value = -value
            }
            var divisor: Int64 = 1
            var count = 1
            while count < width || value / divisor >= 10 {
                divisor *= 10
                count += 1
            }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3_600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 3_600 / 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2)
        if nanoseconds != 0 {
            bytes.append(UInt8(ascii: "."))
            if nanoseconds % 1_000_000 == 0 {
                digits(Int64(nanoseconds / 1_000_000), 3)
            } else if nanoseconds % 1_000 == 0 {
                digits(Int64(nanoseconds / 1_000), 6)
            } else {
                digits(Int64(nanoseconds), 9)
            }
        }
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses RFC 3339 with any offset and up to nine fractional digits; nil if malformed.
    public init?(rfc3339 text: String) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count else { return nil }
            var value: Int64 = 0
            for index in range {
                guard (48...57).contains(bytes[index]) else { return nil }
                value = value * 10 + Int64(bytes[index] - 48)
            }
            return value
        }
        guard bytes.count >= 20, let year = number(0..<4), bytes[4] == 45, let month = number(5..<7), bytes[7] == 45,
              let day = number(8..<10), bytes[10] == 84 || bytes[10] == 116, let hour = number(11..<13), bytes[13] == 58,
              let minute = number(14..<16), bytes[16] == 58, let second = number(17..<19),
              (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var nanos: Int64 = 0
        if bytes[index] == 46 {
            index += 1
            var digits = 0
            while index < bytes.count, (48...57).contains(bytes[index]) {
                guard digits < 9 else { return nil }
                nanos = nanos * 10 + Int64(bytes[index] - 48)
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanos *= 10 }
        }
        guard index < bytes.count else { return nil }
        var offset: Int64 = 0
        if bytes[index] == 90 || bytes[index] == 122 {
            guard index + 1 == bytes.count else { return nil }
        } else {
            guard bytes[index] == 43 || bytes[index] == 45, index + 6 == bytes.count,
                  let offsetHours = number(index + 1..<index + 3), bytes[index + 3] == 58,
                  let offsetMinutes = number(index + 4..<index + 6), offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offset = (offsetHours * 3_600 + offsetMinutes * 60) * (bytes[index] == 45 ? -1 : 1)
        }
        let days = CivilDate.toDays(year: year, month: month, day: day)
        self.init(seconds: days * 86_400 + hour * 3_600 + minute * 60 + min(second, 59) - offset, nanoseconds: Int32(nanos))
    }

    public init?(codedString: String) { self.init(rfc3339: codedString) }

    public var codedString: String { rfc3339 }
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's algorithms), without Foundation's
/// calendars, so formatting is exact and fast for any year from 1 to 9999.
enum CivilDate {
    static func toDays(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func fromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
