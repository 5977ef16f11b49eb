import CanonRuntime
import CanonTestSupport
import Foundation
import Testing

@Suite("Firestore values in proto3 JSON")
struct FirestoreValueTests {
    static func decode(_ text: String) throws -> FirestoreValue {
        try FirestoreJSON.value(from: Data(text.utf8))
    }

    @Test("encodes every kind as the REST API writes it", arguments: [
        (FirestoreValue.null, #"{"nullValue":null}"#),
        (.boolean(true), #"{"booleanValue":true}"#),
        (.integer(.max), #"{"integerValue":"9223372036854775807"}"#),
        (.integer(.min), #"{"integerValue":"-9223372036854775808"}"#),
        (.double(1.5), #"{"doubleValue":1.5}"#),
        (.double(.nan), #"{"doubleValue":"NaN"}"#),
        (.double(-.infinity), #"{"doubleValue":"-Infinity"}"#),
        (.timestamp(Timestamp(seconds: 1, nanoseconds: 1)), #"{"timestampValue":"1970-01-01T00:00:01.000000001Z"}"#),
        (.string("é\u{0}"), #"{"stringValue":"é\u0000"}"#),
        (.bytes(Bytes([0xFB, 0xFF])), #"{"bytesValue":"+/8="}"#),
        (.reference("projects/p/databases/(default)/documents/a/b"), #"{"referenceValue":"projects/p/databases/(default)/documents/a/b"}"#),
        (.geoPoint(GeoPoint(latitude: 1, longitude: -2)), #"{"geoPointValue":{"latitude":1,"longitude":-2}}"#),
        (.array([]), #"{"arrayValue":{}}"#),
        (.map([:]), #"{"mapValue":{}}"#),
        (.array([.integer(1), .null]), #"{"arrayValue":{"values":[{"integerValue":"1"},{"nullValue":null}]}}"#),
    ])
    func encodes(value: FirestoreValue, expected: String) throws {
        let written = String(decoding: FirestoreJSON.data(for: value), as: UTF8.self)
        #expect(try JSONNode.parse(written).canonical == JSONNode.parse(expected).canonical, "\(written)")
        #expect(try Self.decode(expected) == value, "decoding gives the value back")
    }

    @Test("round-trips deep nesting and edge values")
    func roundTrip() throws {
        var value = FirestoreValue.map(["leaf": .integer(-1), "nan": .double(.nan), "zero": .double(-0.0)])
        for depth in 0..<20 { value = .map(["level\(depth)": .array([value, .string("\(depth)")])]) }
        #expect(try FirestoreJSON.value(from: FirestoreJSON.data(for: value)) == value)
    }

    @Test("accepts the other spellings proto3 JSON allows")
    func lenientDecoding() throws {
        #expect(try Self.decode(#"{"integerValue":42}"#) == .integer(42))
        #expect(try Self.decode(#"{"nullValue":"NULL_VALUE"}"#) == .null)
        #expect(try Self.decode(#"{"doubleValue":"Infinity"}"#) == .double(.infinity))
        #expect(try Self.decode(#"{"bytesValue":"-_8"}"#) == .bytes(Bytes([0xFB, 0xFF])))
        #expect(try Self.decode(#"{"geoPointValue":{}}"#) == .geoPoint(GeoPoint(latitude: 0, longitude: 0)))
        #expect(try Self.decode(#"{"timestampValue":"2026-01-31T14:00:00+02:00"}"#) == .timestamp(Timestamp(rfc3339: "2026-01-31T12:00:00Z")!))
    }

    @Test("rejects malformed values", arguments: [
        #"{}"#, #"{"stringValue":"a","integerValue":"1"}"#, #"{"integerValue":"1.5"}"#, #"{"integerValue":"9223372036854775808"}"#,
        #"{"timestampValue":"yesterday"}"#, #"{"nullValue":"x"}"#, #"{"bytesValue":"@@@"}"#,
    ])
    func rejects(text: String) {
        #expect(throws: FirestoreJSON.ParseError.self) { try Self.decode(text) }
    }

    @Test("documents decode with their metadata and encode without empty fields")
    func documents() throws {
        let text = #"{"name":"projects/p/databases/(default)/documents/casefiles/cf-1","fields":{"title":{"stringValue":"x"}},"createTime":"2026-01-01T00:00:00.123456Z","updateTime":"2026-01-02T00:00:00Z"}"#
        let document = try FirestoreJSON.document(from: Data(text.utf8))
        #expect(document.documentID == "cf-1")
        #expect(document.fields["title"] == .string("x"))
        #expect(document.createTime == Timestamp(seconds: 1_767_225_600, nanoseconds: 123_456_000))
        let empty = FirestoreJSON.data(for: FirestoreDocument(name: "n"))
        #expect(String(decoding: empty, as: UTF8.self) == #"{"name":"n"}"#)
    }
}
