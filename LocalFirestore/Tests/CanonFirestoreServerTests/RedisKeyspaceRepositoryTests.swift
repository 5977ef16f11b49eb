@_spi(Generated) import CanonRuntime
import CanonTestSupport
import CanonicalModels
import Foundation
import Testing

/// The keyspace repository generated from `Schemas/` (`RateLimitWindow`) against a real
/// redis-server.
@Suite("Generated Redis keyspace repositories")
struct RedisKeyspaceRepositoryTests {
    /// The canonical keyspace with a shorter time to live, to see values expire.
    struct ShortWindows: RedisKeyspaceRepository {
        typealias Key = RateLimitWindowsRepository.Key
        let base: RedisKeyspace<RateLimitWindow>
    }

    static func with(_ body: (RedisServer, RedisClient) async throws -> Void) async throws {
        let server = try RedisServer()
        // A command timeout for a loaded machine: the first calls also load the scripts.
        let client = RedisClient(configuration: try RedisConfiguration(url: server.url, commandTimeout: .seconds(5)))
        do {
            try await body(server, client)
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
    }

    @Test("get, set with the keyspace's TTL, multi-get, exists, remaining TTL and delete, as redis-cli sees them")
    func operations() async throws {
        try await Self.with { server, client in
            let windows = RateLimitWindowsRepository(client: client)
            let window = RateLimitWindow(subject: "user-1", windowStart: 1_700_000_000, count: 3, limit: 100)
            try await windows.set(window)
            let key = "canon:rl:user-1:1700000000"
            #expect(try server.cli(["HGETALL", key]).split(separator: "\n").map(String.init)
                    == ["count", "3", "limit", "100", "subject", #""user-1""#, "window_start", "1700000000"])
            let ttl = try #require(Int(try server.cli(["PTTL", key])))
            #expect((100_000...120_000).contains(ttl), "the schema's ttl: 2m")
            let other = RateLimitWindowsRepository.Key(subject: "user-2", windowStart: 1_700_000_000)
            #expect(try await windows.get(.init(window)) == window)
            #expect(try await windows.get([.init(window), other]) == [window, nil])
            #expect(try await windows.exists(.init(window)))
            #expect(try await !windows.exists(other))
            #expect(try await windows.remainingTTL(.init(window)).map { $0 > .seconds(100) } == true)
            #expect(try await windows.remainingTTL(other) == nil)
            #expect(try await windows.delete(.init(window)))
            #expect(try await !windows.delete(.init(window)))
            #expect(try server.cli(["EXISTS", key]) == "0")

            // Constraints are checked before anything is sent (count: min 0).
            await #expect(throws: ValidationError.self) {
                try await windows.set(RateLimitWindow(subject: "user-1", windowStart: 1, count: -1, limit: 100))
            }
            #expect(try server.cli(["EXISTS", "canon:rl:user-1:1"]) == "0")
        }
    }

    @Test("key values that could break the key's structure are escaped; empty and over-long ones are refused before sending")
    func hostileKeys() async throws {
        try await Self.with { server, client in
            let windows = RateLimitWindowsRepository(client: client)
            for subject in ["a:b", "{x}", "line\r\nbreak", "nul\u{0}", "caf\u{E9}", "cafe\u{301}", "sp ace/slash%"] {
                try await windows.set(RateLimitWindow(subject: subject, windowStart: 7, limit: 1))
            }
            let keys = try server.cli(["KEYS", "canon:rl:*"]).split(separator: "\n").map(String.init).sorted()
            #expect(keys == ["canon:rl:%7Bx%7D:7", "canon:rl:a%3Ab:7", "canon:rl:caf%C3%A9:7", "canon:rl:cafe%CC%81:7",
                             "canon:rl:line%0D%0Abreak:7", "canon:rl:nul%00:7", "canon:rl:sp%20ace%2Fslash%25:7"])
            #expect(try await windows.get(.init(subject: "line\r\nbreak", windowStart: 7))?.subject == "line\r\nbreak")
            await #expect(throws: RedisKeyspaceError.invalidKey(field: "subject", reason: "is empty")) {
                try await windows.set(RateLimitWindow(subject: "", windowStart: 7, limit: 1))
            }
            await #expect(throws: RedisKeyspaceError.invalidKey(field: "subject", reason: "is 600 bytes long, over the 512 a key part may have")) {
                try await windows.increment(\.count, in: RateLimitWindow(subject: String(repeating: "x", count: 600), windowStart: 7, limit: 1))
            }
            #expect(try server.cli(["DBSIZE"]) == "7", "nothing else was written")
        }
    }

    @Test("100 concurrent increments of a new window count exactly 100, and the window expires")
    func rateLimiter() async throws {
        try await Self.with { server, client in
            let windows = RateLimitWindowsRepository(client: client)
            let window = RateLimitWindow(subject: "api-key-9", windowStart: 1_700_000_060, limit: 100)
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<100 { group.addTask { try await windows.increment(\.count, in: window) } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(results.sorted() == Array(1...100), "each increment saw its own count")
            #expect(try await windows.get(.init(window))?.count == 100)
            #expect(try await windows.get(.init(window))?.limit == 100)
            let ttl = try #require(try await windows.remainingTTL(.init(window)))
            #expect(ttl > .seconds(100) && ttl <= .seconds(120))

            // A fixed window: later increments do not extend it (3 s window, 1 s apart).
            let short = ShortWindows(base: RedisKeyspace(client: client, name: "rateLimitWindows", ttl: .seconds(3)))
            let fixed = RateLimitWindow(subject: "fixed", windowStart: 1, limit: 5)
            #expect(try await short.increment(\.count, by: 2, in: fixed) == 2)
            try await Task.sleep(for: .seconds(1))
            #expect(try await short.increment(\.count, by: 3, in: fixed) == 5)
            let left = try #require(try await short.remainingTTL(.init(fixed)))
            #expect(left <= .milliseconds(2_100), "the second increment did not restart the window")

            // A value goes by itself when its window ends.
            let brief = ShortWindows(base: RedisKeyspace(client: client, name: "rateLimitWindows", ttl: .milliseconds(300)))
            let window2 = RateLimitWindow(subject: "brief", windowStart: 1, limit: 5)
            _ = try await brief.increment(\.count, in: window2)
            // Nil when the window already ended, on a machine slow enough to take 300 ms for this.
            #expect(try await brief.remainingTTL(.init(window2)).map { $0 <= .milliseconds(300) } ?? true)
            for _ in 0..<250 where try await brief.exists(.init(window2)) { try await Task.sleep(for: .milliseconds(20)) }
            #expect(try server.cli(["EXISTS", "canon:rl:brief:1"]) == "0")

            // A value without a time to live (written by something else) gets the window's.
            try server.cli(["HSET", "canon:rl:other:1", "count", "4", "limit", "5", "subject", #""other""#, "window_start", "1"])
            #expect(try await windows.increment(\.count, in: RateLimitWindow(subject: "other", windowStart: 1, limit: 5)) == 5)
            #expect(try await windows.remainingTTL(.init(subject: "other", windowStart: 1)) != nil)
            // A stored field that is not an integer is a typed error, and nothing changed.
            try server.cli(["HSET", "canon:rl:other:1", "count", "many"])
            await #expect(throws: RedisKeyspaceError.notAnInteger(field: "count")) {
                try await windows.increment(\.count, in: RateLimitWindow(subject: "other", windowStart: 1, limit: 5))
            }
            // A value that does not decode is a typed error that does not quote it.
            try server.cli(["HSET", "canon:rl:other:1", "subject", #""top-secret-subject"#])
            do {
                _ = try await windows.get(.init(subject: "other", windowStart: 1))
                Issue.record("an undecodable value decoded")
            } catch let error as RedisKeyspaceError {
                #expect(!"\(error)".contains("top-secret") && !"\(error)".contains("many"), "\(error)")
            }
        }
    }
}
