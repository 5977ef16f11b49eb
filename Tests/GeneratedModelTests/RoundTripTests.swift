import CanonRuntime
import Foundation
import Testing

/// The types here are generated at build time by CanonPlugin from `Schemas/`, which uses every
/// feature of the schema language; these tests exercise them through Foundation's JSON coders.
@Suite("Generated models round-trip through JSON")
struct RoundTripTests {
    static func item() -> Item {
        Item(id: "item-1", owner: DocumentReference(codedString: "items/item-0")!)
    }

    static func json(_ value: some Encodable) throws -> [String: Any] {
        let data = try JSONEncoder().encode(value)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func decode<T: Decodable>(_ type: T.Type, _ object: [String: Any]) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONSerialization.data(withJSONObject: object))
    }

    @Test("defaults from the schema fill the memberwise initialiser")
    func initializerDefaults() {
        let item = Self.item()
        #expect(item.name == "Unnamed" && item.count == 3 && item.ratio == 0.5 && item.active)
        #expect(item.born == Timestamp(seconds: 1_769_860_800, nanoseconds: 123_456_789))
        #expect(item.blob == Bytes([0, 1, 2]))
        #expect(item.token.uuidString.lowercased() == "123e4567-e89b-12d3-a456-426614174000")
        #expect(item.homepage.absoluteString == "https://example.com/a")
        #expect(item.place == GeoPoint(latitude: 48.85, longitude: 2.35))
        #expect(item.status == .draft && item.level == .high)
        #expect(item.tags == ["a", "b"] && item.scores == ["x": 1])
        #expect(item.size == Dimensions(width: 1, height: 2))
        #expect(item.note == nil && item.maybe == nil && item.color == nil)
    }

    @Test("encodes under the storage keys, and round-trips")
    func storageKeys() throws {
        var item = Self.item()
        item.displayName = "Shown"
        item.color = .green
        let object = try Self.json(item)
        #expect(object["label"] as? String == "Shown")
        #expect(object["display_name"] == nil && object["displayName"] == nil)
        #expect(object["created_at"] == nil, "unset audit fields write no key")
        #expect(object["born"] as? String == "2026-01-31T12:00:00.123456789Z")
        #expect(object["blob"] as? String == "AAEC")
        #expect(object["owner"] as? String == "items/item-0")
        #expect((object["place"] as? [String: Double])?["latitude"] == 48.85)
        #expect(object["status"] as? String == "draft")
        #expect(object["level"] as? Int == 10)
        #expect(try Self.decode(Item.self, object) == item)
    }

    @Test("keeps absent and null apart")
    func absentVersusNull() throws {
        var item = Self.item()
        let plain = try Self.json(item)
        #expect(plain.keys.contains("note") && plain["note"] is NSNull, "a nullable field writes null")
        #expect(!plain.keys.contains("maybe"), "an unset optional nullable field writes no key")
        #expect(!plain.keys.contains("color"), "an unset optional field writes no key")

        item.maybe = .null
        #expect(try Self.json(item)["maybe"] is NSNull)
        item.maybe = .value("here")
        #expect(try Self.json(item)["maybe"] as? String == "here")

        var stored = plain
        stored["maybe"] = NSNull()
        #expect(try Self.decode(Item.self, stored).maybe == .null)
        stored.removeValue(forKey: "maybe")
        #expect(try Self.decode(Item.self, stored).maybe == nil)
    }

    @Test("applies defaults to absent keys when decoding")
    func decodingDefaults() throws {
        let minimal: [String: Any] = ["id": "i", "owner": "items/x", "note": NSNull()]
        let item = try Self.decode(Item.self, minimal)
        #expect(item == Item(id: "i", owner: try DocumentReference(path: "items/x")))
    }

    @Test("a nullable field without a default must be present")
    func nullableRequired() throws {
        var object: [String: Any] = ["id": "p", "label": "x"]
        #expect(throws: DecodingError.self) { try Self.decode(Part.self, object) }
        object["retired_at"] = NSNull()
        #expect(try Self.decode(Part.self, object).retiredAt == nil)
        object["retired_at"] = "2026-01-01T00:00:00Z"
        #expect(try Self.decode(Part.self, object).retiredAt == Timestamp(seconds: 1_767_225_600))
    }

    @Test("== and hash(into:) cover every stored field, whatever its presence rule")
    func equalityAndHashing() throws {
        let base = Self.item()
        #expect(base == Self.item() && base.hashValue == Self.item().hashValue)
        let changes: [(String, (inout Item) -> Void)] = [
            ("required", { $0.name = "Other" }),
            ("required with a default", { $0.count = 4 }),
            ("embedded", { $0.size = Dimensions(width: 1, height: 3) }),
            ("optional", { $0.color = .red }),
            ("nullable", { $0.note = "set" }),
            ("optional nullable, absent to null", { $0.maybe = .null }),
            ("aliased", { $0.displayName = "Shown" }),
            ("runtime-filled", { $0.createdBy = "someone" }),
            ("ID", { $0.id = "item-2" }),
        ]
        var changed = changes.map { kind, change in
            var other = base
            change(&other)
            return (kind, other)
        }
        var object = try Self.json(base)
        object["legacy"] = "old"  // the deprecated field, set without a deprecation warning
        changed.append(("deprecated", try Self.decode(Item.self, object)))
        for (kind, other) in changed {
            #expect(other != base, "a change to a \(kind) field makes the models unequal")
            #expect(other.hashValue != base.hashValue, "\(kind): hashing covers the field")
        }
    }

    @Test("reads older keys through aliases, and writes only the current key")
    func aliases() throws {
        var object = try Self.json(Self.item())
        object["title"] = "From an old document"
        let decoded = try Self.decode(Item.self, object)
        #expect(decoded.displayName == "From an old document")
        let written = try Self.json(decoded)
        #expect(written["label"] as? String == "From an old document" && written["title"] == nil)

        object["display_name"] = "Newer alias"
        #expect(try Self.decode(Item.self, object).displayName == "Newer alias", "the first alias wins over later ones")
        object["label"] = "Current"
        #expect(try Self.decode(Item.self, object).displayName == "Current", "the current key wins over aliases")
    }

    @Test("open enums keep unknown raw values; closed enums reject them with a typed error")
    func enums() throws {
        var object = try Self.json(Self.item())
        object["status"] = "someday"
        let item = try Self.decode(Item.self, object)
        #expect(item.status == .unknown("someday"))
        #expect(try Self.json(item)["status"] as? String == "someday")
        #expect(Status(rawValue: "published") == .live && Status.live.rawValue == "published")
        #expect(Status.knownCases.count == 4)

        object["status"] = "draft"
        object["level"] = 7
        #expect(throws: UnknownEnumValueError.self) { try Self.decode(Item.self, object) }
        do {
            _ = try Self.decode(Item.self, object)
        } catch let error as UnknownEnumValueError {
            #expect(error.typeName == "Level" && error.rawValue == "7" && error.codingPath == "level")
        }
        object["level"] = 1
        object["color"] = "purple"
        #expect(throws: UnknownEnumValueError.self) { try Self.decode(Item.self, object) }
    }

    @Test("typed IDs and references encode as strings")
    func identifiers() throws {
        let part = Part(id: "p-1", label: "wheel")
        #expect(part.id == Part.ID("p-1"))
        #expect(try Self.json(part)["id"] as? String == "p-1")
        let reference = try DocumentReference<Item>(path: "items/abc")
        #expect(reference.documentID == Item.ID("abc"))
    }

    @Test("validate() reports every violation at once")
    func validation() throws {
        var item = Self.item()
        #expect(throws: Never.self) { try item.validate() }
        item.name = "x9"
        item.count = 11
        item.tags = ["1", "2", "3", "4", "5", "6"]
        item.blob = Bytes([UInt8](repeating: 0, count: 17))
        item.size = Dimensions(width: -1, height: 2000)
        item.history = [["a": Dimensions(width: 1, height: 1), "b": Dimensions(width: -2, height: 1)]]
        do {
            try item.validate()
            Issue.record("validate() accepted an invalid item")
        } catch let error as ValidationError {
            let found = Set(error.issues.map { "\($0.path) \($0.constraint)" })
            #expect(found == [
                "name pattern", "count max", "tags max_items", "blob max_length", "size.width min", "size.height max",
                "history[0][b].width min",
            ], "\(error)")
            #expect(error.typeName == "Item")
        } catch {
            Issue.record("validate() threw \(error), not a ValidationError")
        }
    }

    @Test("embedded types validate their own constraints")
    func embedded() throws {
        var address = Address(street: "1 Main St", city: "")
        #expect(throws: ValidationError.self) { try address.validate() }
        address.city = "Paris"
        try address.validate()
    }

    @Test("a model stored only in Redis has no ID")
    func redisOnly() throws {
        let counter = Counter(tenant: "t", bucket: 3)
        #expect(counter.hits == 0)
        let object = try Self.json(counter)
        #expect(Set(object.keys) == ["tenant", "bucket", "hits"])
    }
}

