import CanonRuntime
import Foundation
import Testing

@Suite("Runtime value types")
struct ValueTypeTests {
    struct Holder: Codable, Equatable {
        var bytes: Bytes
        var point: GeoPoint
        var id: DocumentID<Holder>
        var reference: DocumentReference<Holder>
        var maybe: Nullable<Int>
    }

    @Test("encode to plain JSON as base64, an object, and strings")
    func json() throws {
        let value = Holder(bytes: Bytes([0xFF, 0, 1]), point: GeoPoint(latitude: -33.9, longitude: 151.2), id: "h1",
                           reference: try DocumentReference(path: "holders/h0/children/c1"), maybe: .null)
        let data = try JSONEncoder().encode(value)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["bytes"] as? String == "/wAB")
        #expect(object["id"] as? String == "h1")
        #expect(object["reference"] as? String == "holders/h0/children/c1")
        #expect((object["point"] as? [String: Double]) == ["latitude": -33.9, "longitude": 151.2])
        #expect(object["maybe"] is NSNull)
        #expect(try JSONDecoder().decode(Holder.self, from: data) == value)
        #expect(value.reference.documentID == "c1")
    }

    @Test("Bytes rejects text that is not base64")
    func badBase64() {
        #expect(Bytes(base64: "not base64!") == nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Bytes].self, from: Data(#"["@@"]"#.utf8))
        }
    }

    @Test("Nullable tells a value from null")
    func nullable() throws {
        let values: [Nullable<String>] = [.null, .value("x")]
        let data = try JSONEncoder().encode(values)
        #expect(String(decoding: data, as: UTF8.self) == #"[null,"x"]"#)
        #expect(try JSONDecoder().decode([Nullable<String>].self, from: data) == values)
        #expect(Nullable<String>.value("x").wrapped == "x" && Nullable<String>.null.wrapped == nil)
    }
}
