@_spi(Generated) import CanonRuntime
import Foundation
import Testing

/// Generated models through the Firestore coder: every field lands as the Firestore kind its
/// schema type names, under its storage key, and comes back equal.
@Suite("Generated models round-trip through Firestore values")
struct FirestoreCodingTests {
    static let root = "projects/demo/databases/(default)/documents"
    static let encoder = FirestoreEncoder(databaseRoot: root)
    static let decoder = FirestoreDecoder(databaseRoot: root)

    @Test("each schema type becomes its Firestore kind, and the ID is not a field")
    func kinds() throws {
        var item = RoundTripTests.item()
        item.displayName = "Shown"
        item.maybe = .null
        item.address = Address(street: "1 Main St", city: "Paris", location: GeoPoint(latitude: 1, longitude: 2))
        let fields = try Self.encoder.encodeFields(item)
        #expect(fields["id"] == nil)
        #expect(fields["name"] == .string("Unnamed"))
        #expect(fields["count"] == .integer(3))
        #expect(fields["ratio"] == .double(0.5))
        #expect(fields["active"] == .boolean(true))
        #expect(fields["born"] == .timestamp(Timestamp(seconds: 1_769_860_800, nanoseconds: 123_456_789)))
        #expect(fields["blob"] == .bytes(Bytes([0, 1, 2])))
        #expect(fields["token"] == .string("123e4567-e89b-12d3-a456-426614174000"))
        #expect(fields["homepage"] == .string("https://example.com/a"))
        #expect(fields["place"] == .geoPoint(GeoPoint(latitude: 48.85, longitude: 2.35)))
        #expect(fields["owner"] == .reference(Self.root + "/items/item-0"))
        #expect(fields["status"] == .string("draft"))
        #expect(fields["level"] == .integer(10))
        #expect(fields["tags"] == .array([.string("a"), .string("b")]))
        #expect(fields["scores"] == .map(["x": .integer(1)]))
        #expect(fields["size"] == .map(["width": .double(1), "height": .double(2)]))
        #expect(fields["history"] == .array([]))
        #expect(fields["note"] == .null, "a nullable field is stored as null")
        #expect(fields["maybe"] == .null)
        #expect(fields["color"] == nil, "an unset optional field is absent")
        #expect(fields["label"] == .string("Shown"))
        #expect(fields["address"] == .map(["street": .string("1 Main St"), "city": .string("Paris"), "location": .geoPoint(GeoPoint(latitude: 1, longitude: 2))]))
    }

    @Test("a stored model whose ID field has another name knows both key paths as the document ID")
    func renamedIDField() throws {
        let table = try #require(Ticket.fieldTable)
        #expect(table.isDocumentID(\Ticket.ticketNumber) && table.isDocumentID(\Ticket.id))
        #expect(!table.isDocumentID(\Ticket.subject) && table.storagePath(for: \Ticket.subject)?.keys == ["subject"])
        #expect(table.storagePath(for: \Ticket.id) == nil, "the ID is the document's name, not a field")
        #expect(Item.fieldTable?.storagePath(for: \Item.size.width)?.keys == ["size", "width"])
    }

    @Test("decodes a stored document back, taking the ID from its name")
    func roundTrip() throws {
        var item = RoundTripTests.item()
        item.history = [["a": Dimensions(width: 1, height: 2)], [:]]
        item.maybe = .value("x")
        item.status = .unknown("someday")
        let document = FirestoreDocument(name: Self.root + "/items/item-1", fields: try Self.encoder.encodeFields(item))
        let decoded = try Self.decoder.decode(Item.self, from: document)
        #expect(decoded == item)
        #expect(decoded.id == "item-1")
    }

    @Test("absent keys take the schema's defaults, and a reference into another database is refused")
    func storedDocuments() throws {
        let minimal = FirestoreDocument(name: Self.root + "/items/i", fields: [
            "owner": .reference(Self.root + "/items/x"), "note": .null,
        ])
        #expect(try Self.decoder.decode(Item.self, from: minimal) == Item(id: "i", owner: try DocumentReference(path: "items/x")))
        let foreign = FirestoreDocument(name: Self.root + "/items/i", fields: [
            "owner": .reference("projects/other/databases/(default)/documents/items/x"), "note": .null,
        ])
        #expect(throws: DecodingError.self) { try Self.decoder.decode(Item.self, from: foreign) }
    }
}
