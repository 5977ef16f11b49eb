import CanonRuntime
import Foundation
import Testing

@Suite("Firestore JSON reader and writer")
struct FirestoreJSONTests {
    static let samples: [FirestoreValue] = [
        .null, .boolean(false), .integer(.min), .integer(.max), .double(0.1), .double(-0.0), .double(1e300), .double(.nan),
        .double(.infinity), .timestamp(Timestamp(seconds: -1, nanoseconds: 5)), .string(""), .string("quote \" slash \\ tab \t nul \u{0} é 𝄞"),
        .bytes(Bytes([])), .bytes(Bytes([0, 255, 128])), .reference("projects/p/databases/(default)/documents/a/b"),
        .geoPoint(GeoPoint(latitude: -90, longitude: 180)), .array([]), .map([:]),
        .map(["nested": .array([.map(["deep": .array([.integer(1), .null, .string("x")])]), .map([:])])]),
    ]

    @Test("reads what it writes, and writes JSON that a general parser reads", arguments: samples)
    func roundTrips(value: FirestoreValue) throws {
        let written = FirestoreJSON.data(for: value)
        #expect(try FirestoreJSON.value(from: written) == value)
        #expect(try JSONSerialization.jsonObject(with: written) is [String: Any])
    }

    @Test("reads documents with metadata, white space, escapes and unknown keys")
    func documents() throws {
        let text = """
            {
              "name": "projects/p/databases/(default)/documents/c/d\\u00e9",
              "fields": { "a": { "integerValue": 7 }, "b": {"stringValue": "\\ud834\\udd1e\\n"}, "n": {"nullValue": "NULL_VALUE"} },
              "createTime": "2026-01-01T00:00:00Z", "updateTime": "2026-01-01T00:00:01.5Z",
              "future": [1, {"x": [true, false, null]}]
            }
            """
        let document = try FirestoreJSON.document(from: Data(text.utf8))
        #expect(document.name == "projects/p/databases/(default)/documents/c/dé")
        #expect(document.fields == ["a": .integer(7), "b": .string("𝄞\n"), "n": .null])
        #expect(document.updateTime == Timestamp(seconds: 1_767_225_601, nanoseconds: 500_000_000))
        let again = try FirestoreJSON.document(from: FirestoreJSON.data(for: document))
        #expect(again == document)
    }

    @Test("refuses malformed input with the byte offset", arguments: [
        "", "{", #"{"stringValue":"a","integerValue":"1"}"#, #"{"integerValue":"x"}"#, #"{"stringValue":"unterminated}"#,
        #"{"bogusValue":1}"#, #"{"stringValue":"\ud800"}"#, #"{"arrayValue":{"values":[{"nullValue":null},]}}"#, #"{} extra"#, #"{}"#,
    ])
    func rejects(text: String) {
        #expect(throws: FirestoreJSON.ParseError.self) { try FirestoreJSON.value(from: Data(text.utf8)) }
    }
}
