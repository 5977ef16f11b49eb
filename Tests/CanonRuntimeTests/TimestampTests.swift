import CanonRuntime
import Foundation
import Testing

@Suite("Timestamp")
struct TimestampTests {
    @Test("formats RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits", arguments: [
        (Int64(0), Int32(0), "1970-01-01T00:00:00Z"),
        (1_769_860_800, 123_456_789, "2026-01-31T12:00:00.123456789Z"),
        (1_769_860_800, 120_000_000, "2026-01-31T12:00:00.120Z"),
        (1_769_860_800, 123_456_000, "2026-01-31T12:00:00.123456Z"),
        (-1, 999_999_999, "1969-12-31T23:59:59.999999999Z"),
        (951_782_400, 0, "2000-02-29T00:00:00Z"),
        (253_402_300_799, 0, "9999-12-31T23:59:59Z"),
        (-62_135_596_800, 0, "0001-01-01T00:00:00Z"),
    ])
    func formats(seconds: Int64, nanoseconds: Int32, text: String) {
        let timestamp = Timestamp(seconds: seconds, nanoseconds: nanoseconds)
        #expect(timestamp.rfc3339 == text)
        #expect(Timestamp(rfc3339: text) == timestamp)
    }

    @Test("parses offsets, lowercase separators and short fractions")
    func parsesVariants() {
        #expect(Timestamp(rfc3339: "2026-01-31T14:00:00+02:00") == Timestamp(rfc3339: "2026-01-31T12:00:00Z"))
        #expect(Timestamp(rfc3339: "2026-01-31t07:30:00-04:30z") == nil)
        #expect(Timestamp(rfc3339: "2026-01-31t07:30:00-04:30") == Timestamp(rfc3339: "2026-01-31T12:00:00Z"))
        #expect(Timestamp(rfc3339: "2026-01-31T12:00:00.5Z")?.nanoseconds == 500_000_000)
    }

    @Test("rejects malformed text", arguments: [
        "", "2026-01-31", "2026-01-31T12:00:00", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-31T24:00:00Z",
        "2026-01-31T12:00:00.Z", "2026-01-31T12:00:00.1234567891Z", "2026-01-31T12:00:00+2:00", "x026-01-31T12:00:00Z",
    ])
    func rejects(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test("normalises nanoseconds and orders by time")
    func normalises() {
        #expect(Timestamp(seconds: 10, nanoseconds: 1_500_000_000) == Timestamp(seconds: 11, nanoseconds: 500_000_000))
        #expect(Timestamp(seconds: 10, nanoseconds: -1) == Timestamp(seconds: 9, nanoseconds: 999_999_999))
        #expect(Timestamp(seconds: 1, nanoseconds: 2) < Timestamp(seconds: 1, nanoseconds: 3))
        #expect(Timestamp(seconds: -1, nanoseconds: 999_999_999) < Timestamp(seconds: 0))
    }

    @Test("converts to and from Date to the microsecond")
    func dates() {
        let date = Date(timeIntervalSince1970: 1_769_860_800.25)
        #expect(Timestamp(date) == Timestamp(seconds: 1_769_860_800, nanoseconds: 250_000_000))
        #expect(abs(Timestamp(date).date.timeIntervalSince(date)) < 1e-6)
        let before = Date(timeIntervalSince1970: -0.5)
        #expect(Timestamp(before) == Timestamp(seconds: -1, nanoseconds: 500_000_000))
    }

    @Test("codes as an RFC 3339 string in JSON, and rejects anything else")
    func json() throws {
        let value = Timestamp(seconds: 1_769_860_800, nanoseconds: 1)
        let data = try JSONEncoder().encode([value])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-01-31T12:00:00.000000001Z"]"#)
        #expect(try JSONDecoder().decode([Timestamp].self, from: data) == [value])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Timestamp].self, from: Data(#"["yesterday"]"#.utf8)) }
    }
}
