import Testing
@testable import CanonSchema

@Suite("Durations")
struct DurationTests {
    @Test("parses units in order", arguments: [
        ("90", Int64(90)), ("90s", 90), ("5m", 300), ("1h30m", 5_400), ("7d", 604_800), ("1d2h3m4s", 93_784), ("0s", 0),
    ])
    func parses(text: String, seconds: Int64) {
        #expect(Duration(parsing: text)?.seconds == seconds)
    }

    @Test("rejects malformed text", arguments: ["", "m", "5x", "1m1h", "1h1h", "1.5h", "h1", "5 m", "99999999999999999999d"])
    func rejects(text: String) {
        #expect(Duration(parsing: text) == nil)
    }

    @Test("prints canonically")
    func description() {
        #expect(Duration(seconds: 5_400).description == "1h30m")
        #expect(Duration(seconds: 86_401).description == "1d1s")
    }
}
