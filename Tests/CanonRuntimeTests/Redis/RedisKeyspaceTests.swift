import CanonTestSupport
import Foundation
import Testing
@_spi(Generated) @testable import CanonRuntime

/// The runtime half of keyspace repositories, with a hand-written model; the generated
/// `RateLimitWindow` repository is tested against redis-server in the local server's package.
@Suite("Redis keyspaces: keys, scripts and the hash format")
struct RedisKeyspaceTests {
    struct Counter: RedisStorable, Hashable {
        var name: String
        var count: Int
        var note: String?
        func validate() throws {}
    }

    struct Rich: RedisStorable, Hashable {
        struct Nested: Codable, Hashable, Sendable {
            var name: String
            var tags: [String]
        }
        var flag: Bool
        var ratio: Double
        var big: Int64
        var small: Int64
        var at: Timestamp
        var nested: Nested
        var missing: String?
        var bytes: Bytes
        func validate() throws {}
    }

    /// With a field table, as generated models have: read field by field (`RedisHashDecoder`).
    struct Tabled: RedisStorable, FieldTableModel, Hashable {
        var flag: Bool
        var ratio: Double
        var big: Int64
        var at: Timestamp
        var nested: Rich.Nested
        var missing: String?
        var count: Int
        func validate() throws {}
        static let storedFields = FieldTable<Tabled> { fields in
            fields.field(\.flag, "flag")
            fields.field(\.ratio, "ratio")
            fields.field(\.big, "big")
            fields.field(\.at, "at")
            fields.field(\.nested, "nested")
            fields.optional(\.missing, "missing")
            fields.field(\.count, "count")
        }
    }

    struct Key: RedisKey {
        var name: String
        init(name: String) { self.name = name }
        init(_ model: Counter) { name = model.name }
        var parts: [RedisKeyPart] { [.literal("t:c:"), .value(field: "name", text: name), .literal(":n")] }
    }

    @Test("placeholder values are escaped byte by byte; empty and over-long ones are refused")
    func keys() throws {
        #expect(try Key(name: "plain-1.2_x~").text() == "t:c:plain-1.2_x~:n")
        #expect(try Key(name: "a:b{c}\r\n\u{0} /%").text() == "t:c:a%3Ab%7Bc%7D%0D%0A%00%20%2F%25:n")
        #expect(try Key(name: "caf\u{E9}").text() != (try Key(name: "cafe\u{301}").text()), "NFC and NFD are two keys")
        #expect(throws: RedisKeyspaceError.invalidKey(field: "name", reason: "is empty")) { try Key(name: "").text() }
        #expect(try Key(name: String(repeating: "x", count: 512)).text().count == 512 + 6)
        #expect(throws: RedisKeyspaceError.self) { try Key(name: String(repeating: "é", count: 257)).text() }
    }

    @Test("the field-by-field decoder reads only JSON's own spellings itself, and leaves the rest to JSONDecoder")
    func plainForms() {
        typealias Plain = RedisHashDecoder.Container<FieldKey>
        #expect(Plain.plainString(Array(#""a\"b é""#.utf8)) == "a\"b é")
        #expect(Plain.plainString(Array(#""a"x"#.utf8)) == nil, "trailing bytes")
        #expect(Plain.plainString(Array("\"a\tb\"".utf8)) == nil, "a raw control byte")
        #expect(Plain.plainString(Array("5".utf8)) == nil)
        for accepted in ["0", "-1", "42", "9223372036854775807"] { #expect(Plain.isPlainInteger(Array(accepted.utf8)), "\(accepted)") }
        for refused in ["", "-", "+5", "007", "-0x", "5.0", "1e3", " 5"] { #expect(!Plain.isPlainInteger(Array(refused.utf8)), "\(refused)") }
    }

    @Test("the scripts' SHA-1s are the ones Redis computes")
    func scripts() async throws {
        let server = try RedisServer()
        for script in [RedisCache.swapScript, RedisKeyspace<Counter>.setScript, RedisKeyspace<Counter>.incrementScript] {
            #expect(try server.cli(["SCRIPT", "LOAD", script.source]) == script.sha1)
        }
    }

    @Test("values are hashes of the fields' JSON; set replaces and sets the TTL; get, multi-get, exists, remaining TTL and delete")
    func operations() async throws {
        let server = try RedisServer()
        try await RedisClientTests.using(RedisClient(configuration: try RedisConfiguration(url: server.url, commandTimeout: .seconds(5)))) { client in
            let keyspace = RedisKeyspace<Counter>(client: client, name: "counters", ttl: .seconds(30))
            try await keyspace.set(Counter(name: "a\"b", count: 3, note: "x"), at: "k1")
            #expect(try server.cli(["HGET", "k1", "count"]) == "3")
            #expect(try server.cli(["HGET", "k1", "name"]) == #""a\"b""#)
            #expect(try server.cli(["HGET", "k1", "note"]) == #""x""#)
            let ttl = try #require(Int(try server.cli(["PTTL", "k1"])))
            #expect((1...30_000).contains(ttl))
            #expect(try await keyspace.get("k1") == Counter(name: "a\"b", count: 3, note: "x"))
            // A set replaces the whole value: a field the new model leaves out is gone.
            try await keyspace.set(Counter(name: "a", count: 4), at: "k1")
            #expect(try server.cli(["HEXISTS", "k1", "note"]) == "0")
            #expect(try await keyspace.get(["k1", "none"]) == [Counter(name: "a", count: 4), nil])
            #expect(try await keyspace.exists("k1"))
            #expect(try await !keyspace.exists("none"))
            #expect(try await keyspace.remainingTTL("k1").map { $0 > .seconds(20) && $0 <= .seconds(30) } == true)
            #expect(try await keyspace.remainingTTL("none") == nil)
            // Something else's value reads as a typed error.
            try server.cli(["HSET", "bad", "count", "many"])
            await #expect(throws: RedisKeyspaceError.self) { try await keyspace.get("bad") }
            // A hand-written model has no field table: increments cannot name its fields.
            await #expect(throws: RedisKeyspaceError.unmappedField("\\Counter.count")) {
                try await keyspace.increment(\.count, by: 1, at: "k1", initial: Counter(name: "a", count: 0))
            }
            #expect(try await keyspace.delete(["k1", "none"]) == 1)
            #expect(try await keyspace.get("k1") == nil)

            // Every kind of value reads back as written.
            let rich = RedisKeyspace<Rich>(client: client, name: "rich", ttl: .seconds(30))
            let value = Rich(flag: true, ratio: 0.1, big: Int64.max, small: Int64.min, at: Timestamp(seconds: 1_700_000_000, nanoseconds: 123_456_789),
                             nested: .init(name: "n\u{0}\"\\", tags: ["a", "é"]), missing: nil, bytes: Bytes([0, 255, 10]))
            try await rich.set(value, at: "rich")
            #expect(try await rich.get("rich") == value)
            #expect(try server.cli(["HGET", "rich", "flag"]) == "true")

            // The same through the field-by-field decoder, and an increment by key path.
            let tabled = RedisKeyspace<Tabled>(client: client, name: "tabled", ttl: .seconds(30))
            #expect(Tabled.redisFieldTable != nil)
            let plain = Tabled(flag: false, ratio: -2.5e-7, big: Int64.min, at: Timestamp(seconds: 1, nanoseconds: 5),
                               nested: .init(name: "\u{1F600}\n", tags: []), missing: nil, count: 3)
            try await tabled.set(plain, at: "tabled")
            #expect(try await tabled.get("tabled") == plain)
            #expect(try await tabled.increment(\.count, by: 4, at: "tabled", initial: plain) == 7)
            #expect(try await tabled.get("tabled")?.count == 7)
        }
    }
}
