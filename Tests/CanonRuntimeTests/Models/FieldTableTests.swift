@_spi(Generated) import CanonRuntime
import Foundation
import Testing

/// The runtime half of generated models: a hand-written model described by a `FieldTable`, the
/// way generated ones are (their behaviour is tested in GeneratedModelTests).
@Suite("Field tables")
struct FieldTableTests {
    /// Records, through the decoder's user info, every `Tracked` value decoding creates.
    final class Registry: @unchecked Sendable {
        var created: [Weak] = []
        struct Weak { weak var object: Tracked.Object? }
        static let key = CodingUserInfoKey(rawValue: "registry")!
    }

    /// A value holding an object, so that a value decoding forgets to release stays alive.
    struct Tracked: Codable, Hashable, Sendable {
        final class Object: Sendable {}
        let object = Object()
        let name: String

        init(name: String) { self.name = name }

        init(from decoder: any Decoder) throws {
            name = try decoder.singleValueContainer().decode(String.self)
            (decoder.userInfo[Registry.key] as? Registry)?.created.append(.init(object: object))
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(name)
        }

        static func == (lhs: Self, rhs: Self) -> Bool { lhs.name == rhs.name }
        func hash(into hasher: inout Hasher) { hasher.combine(name) }
    }

    struct Pair: TableCoded, Hashable, Sendable {
        var first: Tracked
        var count: Int
        var note: String?

        static let storedFields = FieldTable<Pair> { fields in
            fields.field(\.first, "first")
            fields.field(\.count, "count", default: 1)
            fields.optional(\.note, "note")
            fields.alias("remark", of: \.note)
            fields.alias("comment", of: \.note)
        }

        init(first: Tracked, count: Int, note: String? = nil) {
            self.first = first
            self.count = count
            self.note = note
        }

        static func == (lhs: Self, rhs: Self) -> Bool { storedFields.equal(lhs, rhs) }
        func hash(into hasher: inout Hasher) { Self.storedFields.hash(self, into: &hasher) }
    }

    static func decode(_ json: String, registry: Registry = Registry()) throws -> Pair {
        let decoder = JSONDecoder()
        decoder.userInfo[Registry.key] = registry
        return try decoder.decode(Pair.self, from: Data(json.utf8))
    }

    @Test("decodes every field in place, with defaults and aliases, and encodes it back")
    func roundTrip() throws {
        let pair = try Self.decode(#"{"first": "a", "remark": "old", "comment": "older"}"#)
        #expect(pair == Pair(first: Tracked(name: "a"), count: 1, note: "old"))
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(pair)) as? [String: Any]
        #expect(object?["note"] as? String == "old" && object?["remark"] == nil && object?["count"] as? Int == 1)
        #expect(try Self.decode(#"{"first": "a", "note": "new", "remark": "old"}"#).note == "new")
    }

    struct Triple: TableCoded, Hashable, Sendable {
        var a: Tracked
        var b: Tracked
        var c: Tracked

        static let storedFields = FieldTable<Triple> { fields in
            fields.field(\.a, "a")
            fields.field(\.b, "b")
            fields.field(\.c, "c")
        }

    }

    @Test("a field that fails to decode releases the fields decoded before it, and only those", arguments: [
        (#"{"a": 1, "b": "y", "c": "z"}"#, 0),
        (#"{"a": "x", "b": 2, "c": "z"}"#, 1),
        (#"{"a": "x", "b": "y", "c": 3}"#, 2),
    ])
    func failedDecodeReleases(json: String, decodedBefore: Int) throws {
        let registry = Registry()
        let decoder = JSONDecoder()
        decoder.userInfo[Registry.key] = registry
        #expect(throws: DecodingError.self) { try decoder.decode(Triple.self, from: Data(json.utf8)) }
        #expect(registry.created.count == decodedBefore)
        #expect(registry.created.allSatisfy { $0.object == nil }, "the fields decoded before the failure were released")
        let triple = try decoder.decode(Triple.self, from: Data(#"{"a": "x", "b": "y", "c": "z"}"#.utf8))
        #expect(registry.created.suffix(3).allSatisfy { $0.object != nil } && triple.c.name == "z", "a decoded model keeps its fields")
    }

    @Test("== and hashing compare every field")
    func equality() {
        let pair = Pair(first: Tracked(name: "a"), count: 1)
        #expect(pair == Pair(first: Tracked(name: "a"), count: 1) && pair.hashValue == Pair(first: Tracked(name: "a"), count: 1).hashValue)
        for other in [Pair(first: Tracked(name: "b"), count: 1), Pair(first: Tracked(name: "a"), count: 2), Pair(first: Tracked(name: "a"), count: 1, note: "")] {
            #expect(pair != other)
            #expect(pair.hashValue != other.hashValue, "hashing covers the field that differs")
        }
    }

    struct Empty: Codable, Hashable, Sendable {}
    enum Only: String, Codable, Hashable, Sendable { case only }

    /// Fields of zero size share an offset with their neighbours.
    struct WithEmptyFields: TableCoded, Hashable, Sendable {
        var flag: Bool
        var empty: Empty
        var kind: Only
        var count: Int

        static let storedFields = FieldTable<WithEmptyFields> { fields in
            fields.field(\.flag, "flag")
            fields.field(\.empty, "empty")
            fields.field(\.kind, "kind")
            fields.field(\.count, "count")
        }

        init(flag: Bool, count: Int) {
            self.flag = flag
            empty = Empty()
            kind = .only
            self.count = count
        }

    }

    @Test("fields of zero size are described and coded like any other")
    func zeroSizeFields() throws {
        let value = WithEmptyFields(flag: true, count: 7)
        let decoded = try JSONDecoder().decode(WithEmptyFields.self, from: JSONEncoder().encode(value))
        #expect(decoded == value)
    }

    struct Named: Sendable {
        var id: String
        var title: String
    }

    @Test("names the storage key of each stored property but the document ID, and lists the keys a save writes and removes")
    func storageKeys() {
        #expect(Pair.storedFields.storageKey(for: \Pair.count) == "count")
        #expect(Pair.storedFields.storageKey(for: \Pair.first.name) == nil)
        #expect(Pair.storedFields.storedKeys == ["first", "count", "note", "remark", "comment"])
        let named = FieldTable<Named> { fields in
            fields.documentID(\.id, "id")
            fields.field(\.title, "title")
        }
        #expect(named.storageKey(for: \Named.id) == nil, "the ID is the document's name, not a field")
        #expect(named.storageKey(for: \Named.title) == "title")
        #expect(named.storedKeys == ["title"])
    }

    struct Incomplete: Sendable { var a: Int; var b: String }

    @Test("a table that leaves out a stored property stops the program before any decoding")
    func incompleteTable() async {
        await #expect(processExitsWith: .failure) {
            _ = FieldTable<Incomplete> { fields in fields.field(\.a, "a") }
        }
        await #expect(processExitsWith: .failure) {
            _ = FieldTable<Incomplete> { fields in
                fields.field(\.a, "a")
                fields.field(\.b, "b")
                fields.field(\.a, "again")
            }
        }
    }
}

/// A model coded through its field table, as generated models are.
protocol TableCoded: Codable {
    static var storedFields: FieldTable<Self> { get }
}

extension TableCoded {
    init(from decoder: any Decoder) throws { self = try Self.storedFields.decode(from: decoder) }
    func encode(to encoder: any Encoder) throws { try Self.storedFields.encode(self, to: encoder) }
}
