import CanonTestSupport
import Foundation
import Synchronization
import Testing
@testable import CanonRuntime

/// The read-through cache, over the in-memory cache and a real redis-server.
@Suite("Read-through cache of a collection")
struct CollectionCacheTests {
    enum Backend: String, CaseIterable, Sendable { case memory, redis }

    /// A cache of the given kind, with the server and client that keep it alive.
    final class Fixture: Sendable {
        let cache: any DocumentCache
        let server: RedisServer?
        let client: RedisClient?
        init(_ backend: Backend) throws {
            switch backend {
            case .memory:
                cache = InMemoryCache()
                server = nil
                client = nil
            case .redis:
                let server = try RedisServer()
                let client = RedisClient(configuration: try RedisConfiguration(url: server.url))
                cache = RedisCache(client: client)
                self.server = server
                self.client = client
            }
        }

        func collection(_ policy: CollectionCache.Policy = .init(ttl: .seconds(60), jitter: 0)) -> CollectionCache {
            CollectionCache(cache: cache, keys: CacheKeys(prefix: "t", collection: "c"), policy: policy)
        }

        /// Runs `body`, then shuts the client down, also when `body` throws.
        static func with(_ backend: Backend, _ body: (Fixture) async throws -> Void) async throws {
            let fixture = try Fixture(backend)
            do {
                try await body(fixture)
            } catch {
                await fixture.client?.shutdown()
                throw error
            }
            await fixture.client?.shutdown()
        }
    }

    /// A database stand-in (the tests are about the cache): documents by path, reads counted,
    /// and reads that can be held until released.
    final class Database: Sendable {
        private struct State {
            var documents: [String: FirestoreDocument] = [:]
            var reads = 0
            var held: [CheckedContinuation<Void, Never>] = []
            var holding = false
        }
        private let state = Mutex(State())

        var reads: Int { state.withLock { $0.reads } }
        var waiting: Int { state.withLock { $0.held.count } }
        func put(_ path: String, _ value: Int64) { state.withLock { $0.documents[path] = Self.document(path, value) } }
        func remove(_ path: String) { _ = state.withLock { $0.documents.removeValue(forKey: path) } }
        static func document(_ path: String, _ value: Int64) -> FirestoreDocument {
            FirestoreDocument(name: "projects/p/databases/(default)/documents/" + path, fields: ["v": .integer(value)], updateTime: Timestamp(seconds: value))
        }

        /// Reads hold after taking their value until `release()`.
        func hold() { state.withLock { $0.holding = true } }
        func release() {
            let held = state.withLock { state in
                state.holding = false
                defer { state.held = [] }
                return state.held
            }
            for reader in held { reader.resume() }
        }

        /// A read of `path` through `cache`, which reads this database on a miss.
        func read(_ path: String, through cache: CollectionCache) async throws -> FirestoreDocument? {
            try await cache.read(path) { try await read(path) }
        }

        func read(_ path: String, delay: Duration = .zero) async throws -> FirestoreDocument? {
            let document = state.withLock { state in
                state.reads += 1
                return state.documents[path]
            }
            await withCheckedContinuation { continuation in
                let wait = state.withLock { state in
                    if state.holding { state.held.append(continuation) }
                    return state.holding
                }
                if !wait { continuation.resume() }
            }
            if delay > .zero { try await Task.sleep(for: delay) }
            return document
        }

        /// A batch read: the documents found, with their paths.
        func read(_ paths: [String]) async -> [(path: String, document: FirestoreDocument)] {
            var found: [(path: String, document: FirestoreDocument)] = []
            for path in paths {
                if let document = try? await read(path) { found.append((path, document)) }
            }
            state.withLock { $0.reads -= paths.count - 1 }  // one call
            return found
        }
    }

    @Test("a miss reads the database and fills; the next read hits", arguments: Backend.allCases)
    func readThrough(_ backend: Backend) async throws {
        try await Fixture.with(backend) { fixture in
            let cache = fixture.collection()
            let database = Database()
            database.put("c/a", 1)
            #expect(try await database.read("c/a", through: cache) == Database.document("c/a", 1))
            #expect(try await database.read("c/a", through: cache) == Database.document("c/a", 1))
            #expect(database.reads == 1)
            #expect(cache.statistics.counts == CacheStatistics.Counts(hits: 1, misses: 1))
            // Misses are not cached by default.
            #expect(try await database.read("c/none", through: cache) == nil)
            #expect(try await database.read("c/none", through: cache) == nil)
            #expect(database.reads == 3)
            if let server = fixture.server {
                // The entry as redis-cli sees it: under its key, for its time to live, in the format.
                let key = "t:c:v1:{c/a}"
                let ttl = try #require(Int(try server.cli(["PTTL", key])))
                #expect((50_000...60_000).contains(ttl))
                #expect(try server.cli(["GETRANGE", key, "1", "-1"]).contains(#""v":{"integerValue":"1"}"#))
                #expect(try server.cli(["EXISTS", "t:c:v1:{c/none}"]) == "0", "the lease of an uncached miss is removed")
            }
        }
    }

    @Test("misses are cached with a negative time to live, and times to live are jittered", arguments: Backend.allCases)
    func negativeAndJitter(_ backend: Backend) async throws {
        try await Fixture.with(backend) { fixture in
            let cache = fixture.collection(.init(ttl: .seconds(100), negativeTTL: .seconds(10), jitter: 0.5))
            let database = Database()
            #expect(try await database.read("c/none", through: cache) == nil)
            #expect(try await database.read("c/none", through: cache) == nil)
            #expect(database.reads == 1)
            let ttls = (0..<200).map { _ in cache.jittered(.seconds(100)) }
            #expect(ttls.allSatisfy { $0 > .seconds(50) && $0 <= .seconds(100) })
            #expect(Set(ttls).count > 150, "times to live spread out")
            if let server = fixture.server {
                let ttl = try #require(Int(try server.cli(["PTTL", "t:c:v1:{c/none}"])))
                #expect((4_000...10_000).contains(ttl))
            }
        }
    }

    @Test("a write during a slow miss: the old version is not stored, and the next read sees the write", arguments: Backend.allCases)
    func writeDuringMiss(_ backend: Backend) async throws {
        try await Fixture.with(backend) { fixture in
            let cache = fixture.collection()
            let database = Database()
            database.put("c/a", 1)
            database.hold()
            let reader = Task { try await database.read("c/a", through: cache) }
            try await RedisClientTests.until { database.waiting == 1 }  // it read version 1
            database.put("c/a", 2)
            await cache.invalidate(["c/a"])  // the write is complete
            database.release()
            // The read overlapped the write, so the old version is a right answer for it; it
            // read the database before the write.
            #expect(try await reader.value == Database.document("c/a", 1))
            #expect(cache.statistics.counts.refusedFills == 1)
            #expect(try await database.read("c/a", through: cache) == Database.document("c/a", 2))
            #expect(try await database.read("c/a", through: cache) == Database.document("c/a", 2))
            #expect(database.reads == 2)
        }
    }

    @Test("a read that outlives its lease stores nothing", arguments: Backend.allCases)
    func leaseExpires(_ backend: Backend) async throws {
        try await Fixture.with(backend) { fixture in
            let cache = fixture.collection(.init(ttl: .seconds(60), jitter: 0, loadBound: .milliseconds(50)))
            let database = Database()
            database.put("c/a", 1)
            _ = try await cache.read("c/a") { try await database.read("c/a", delay: .milliseconds(150)) }
            #expect(cache.statistics.counts.refusedFills == 1)
            _ = try await database.read("c/a", through: cache)
            #expect(database.reads == 2)
        }
    }

    @Test("100 concurrent readers of a cold key make one database read", arguments: Backend.allCases)
    func stampede(_ backend: Backend) async throws {
        try await Fixture.with(backend) { fixture in
            let cache = fixture.collection()
            let database = Database()
            database.put("c/hot", 7)
            database.hold()
            let answers = Task {
                try await withThrowingTaskGroup(of: FirestoreDocument?.self) { group in
                    for _ in 0..<100 { group.addTask { try await database.read("c/hot", through: cache) } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            // Everyone has looked up the key and is waiting on the one read.
            try await RedisClientTests.until { database.waiting == 1 && cache.statistics.counts.coalesced == 99 }
            database.release()
            let documents = try await answers.value
            #expect(documents.count == 100 && documents.allSatisfy { $0 == Database.document("c/hot", 7) })
            #expect(database.reads == 1)
            #expect(cache.statistics.counts.misses == 100 && cache.statistics.counts.coalesced == 99)
        }
    }

    @Test("followers of a shared read read again when a write lands during it", arguments: Backend.allCases)
    func followersAfterWrite(_ backend: Backend) async throws {
        try await Fixture.with(backend) { fixture in
            let cache = fixture.collection()
            let database = Database()
            database.put("c/a", 1)
            database.hold()
            let leader = Task { try await database.read("c/a", through: cache) }
            try await RedisClientTests.until { database.waiting == 1 }
            // The write completes, then a reader arrives: it must not get version 1.
            database.put("c/a", 2)
            await cache.invalidate(["c/a"])
            let follower = Task { try await database.read("c/a", through: cache) }
            try await RedisClientTests.until { cache.statistics.counts.coalesced == 1 }
            database.release()
            #expect(try await leader.value == Database.document("c/a", 1))
            #expect(try await follower.value == Database.document("c/a", 2))
        }
    }

    @Test("a cancelled follower stops waiting; a cancelled leader's followers read on their own", arguments: Backend.allCases)
    func cancellation(_ backend: Backend) async throws {
        try await Fixture.with(backend) { fixture in
            let cache = fixture.collection()
            let database = Database()
            database.put("c/a", 1)
            database.hold()
            let leader = Task { try await cache.read("c/a") { try await database.read("c/a", delay: .seconds(30)) } }
            try await RedisClientTests.until { database.waiting == 1 }
            let quitter = Task { try await database.read("c/a", through: cache) }
            let stayer = Task { try await database.read("c/a", through: cache) }
            try await RedisClientTests.until { cache.statistics.counts.coalesced == 2 }
            quitter.cancel()
            await #expect(throws: CancellationError.self) { try await quitter.value }
            leader.cancel()
            database.release()
            await #expect(throws: CancellationError.self) { try await leader.value }
            #expect(try await stayer.value == Database.document("c/a", 1))
            #expect(database.reads == 2)
        }
    }

    @Test("a batch reads the cached documents from the cache and the rest in one database call", arguments: Backend.allCases)
    func batch(_ backend: Backend) async throws {
        try await Fixture.with(backend) { fixture in
            let cache = fixture.collection(.init(ttl: .seconds(60), negativeTTL: .seconds(60), jitter: 0))
            let database = Database()
            for (index, path) in ["c/a", "c/b", "c/c"].enumerated() { database.put(path, Int64(index)) }
            _ = try await database.read("c/b", through: cache)
            var calls: [[String]] = []
            let documents = try await cache.read(["c/a", "c/b", "c/none", "c/c"]) { paths in
                calls.append(paths)
                return await database.read(paths)
            }
            #expect(documents == [Database.document("c/a", 0), Database.document("c/b", 1), nil, Database.document("c/c", 2)])
            #expect(calls == [["c/a", "c/none", "c/c"]])
            let again = try await cache.read(["c/c", "c/none", "c/a"]) { paths in
                Issue.record("read \(paths) again")
                return []
            }
            #expect(again == [Database.document("c/c", 2), nil, Database.document("c/a", 0)])
        }
    }

    @Test("Redis stopped: reads go to the database, invalidations wait, and the cache recovers when Redis returns")
    func failOpen() async throws {
        try await Fixture.with(.redis) { fixture in
            let server = try #require(fixture.server)
            let cache = fixture.collection()
            let database = Database()
            database.put("c/a", 1)
            _ = try await database.read("c/a", through: cache)
            server.kill()
            #expect(try await database.read("c/a", through: cache) == Database.document("c/a", 1))
            database.put("c/a", 2)
            await cache.invalidate(["c/a"])  // fails: pending
            let errors = cache.statistics.counts.errors
            #expect(errors >= 2)
            try server.start()
            // A restarted server holds nothing; the pending invalidation is retried and the key
            // is read and cached again.
            try await RedisClientTests.until { (try? server.cli(["PING"])) == "PONG" }
            var answer: FirestoreDocument?
            for _ in 0..<100 {
                answer = try await database.read("c/a", through: cache)
                if cache.statistics.counts.hits > 0, try server.cli(["EXISTS", "t:c:v1:{c/a}"]) == "1" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(answer == Database.document("c/a", 2))
            #expect(try server.cli(["EXISTS", "t:c:v1:{c/a}"]) == "1", "cached again")
        }
    }

    @Test("two processes on one Redis: a write invalidated by one is seen by the other's next read")
    func twoProcesses() async throws {
        try await Fixture.with(.redis) { fixture async throws in
            let reader = fixture.collection()
            let writer = fixture.collection()  // another process's cache over the same Redis
            let database = Database()
            database.put("c/a", 1)
            #expect(try await database.read("c/a", through: reader) == Database.document("c/a", 1))
            #expect(try await database.read("c/a", through: reader) == Database.document("c/a", 1))
            database.put("c/a", 2)
            await writer.invalidate(["c/a"])
            #expect(try await database.read("c/a", through: reader) == Database.document("c/a", 2))
        }
    }

    @Test("a reader that finds another reader's lease reads the database without storing; the lease holder's fill lands", arguments: Backend.allCases)
    func leaseHeldElsewhere(_ backend: Backend) async throws {
        try await Fixture.with(backend) { fixture in
            let first = fixture.collection()
            let second = fixture.collection()  // another process's cache over the same storage
            let database = Database()
            database.put("c/a", 1)
            database.hold()
            let holder = Task { try await database.read("c/a", through: first) }
            try await RedisClientTests.until { database.waiting == 1 }
            let other = Task { try await database.read("c/a", through: second) }
            try await RedisClientTests.until { database.waiting == 2 }  // it waited for a value, then read itself
            database.release()
            #expect(try await other.value == Database.document("c/a", 1))
            #expect(try await holder.value == Database.document("c/a", 1))
            #expect(second.statistics.counts.refusedFills == 0 && first.statistics.counts.refusedFills == 0)
            #expect(try await database.read("c/a", through: second) == Database.document("c/a", 1))
            #expect(database.reads == 2, "the holder's fill is what the next read found")
        }
    }

    @Test("a batch whose leases a write removes stores nothing", arguments: Backend.allCases)
    func batchAfterWrite(_ backend: Backend) async throws {
        try await Fixture.with(backend) { fixture in
            let cache = fixture.collection()
            let database = Database()
            database.put("c/a", 1)
            database.put("c/b", 1)
            database.hold()
            let batch = Task { try await cache.read(["c/a", "c/b"]) { await database.read($0) } }
            try await RedisClientTests.until { database.waiting == 1 }
            database.put("c/a", 2)
            await cache.invalidate(["c/a"])
            database.release()
            _ = try await batch.value
            #expect(cache.statistics.counts.refusedFills == 1)
            #expect(try await database.read("c/a", through: cache) == Database.document("c/a", 2))
            #expect(try await cache.read("c/b") { Issue.record("c/b was stored"); return nil } == Database.document("c/b", 1))
        }
    }

    @Test("a writer whose task is cancelled still invalidates", arguments: Backend.allCases)
    func cancelledWriter(_ backend: Backend) async throws {
        try await Fixture.with(backend) { fixture in
            // Over a cache that refuses work in a cancelled task, as the Redis client does.
            let cache = CollectionCache(cache: CancellationCheckingCache(base: fixture.cache), keys: CacheKeys(prefix: "t", collection: "c"),
                                        policy: .init(ttl: .seconds(60), jitter: 0))
            let database = Database()
            database.put("c/a", 1)
            _ = try await database.read("c/a", through: cache)
            database.put("c/a", 2)
            let writer = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                await cache.invalidate(["c/a"])
            }
            await writer.value
            #expect(try await fixture.cache.get(["t:c:v1:{c/a}"]) == [nil])
            #expect(cache.statistics.counts.errors == 0)
        }
    }

    @Test("an invalidation that fails is retried, and until it lands the key is read from the database")
    func pendingInvalidation() async throws {
        let storage = FlakyCache()
        let cache = CollectionCache(cache: storage, keys: CacheKeys(prefix: "t", collection: "c"), policy: .init(ttl: .seconds(60), jitter: 0))
        let database = Database()
        database.put("c/a", 1)
        _ = try await database.read("c/a", through: cache)
        database.put("c/a", 2)
        storage.failDeletes(true)
        await cache.invalidate(["c/a"])
        // The old entry is still in the cache, but this process does not read it.
        #expect(try await storage.get(["t:c:v1:{c/a}"])[0] != nil)
        #expect(try await database.read("c/a", through: cache) == Database.document("c/a", 2))
        #expect(cache.statistics.counts.bypasses == 1)
        storage.failDeletes(false)
        // Retried in the background: the old entry goes without any call.
        try await RedisClientTests.until { !cache.hasPendingInvalidations }
        #expect(try await storage.get(["t:c:v1:{c/a}"])[0] == nil)
        #expect(try await database.read("c/a", through: cache) == Database.document("c/a", 2))
        #expect(try await database.read("c/a", through: cache) == Database.document("c/a", 2))
        #expect(database.reads == 3, "the retried invalidation removed the old entry; the next miss filled")
    }
}

/// An in-memory cache whose deletes can be made to fail: the test is about the read-through
/// cache's handling of a lost invalidation.
final class FlakyCache: DocumentCache {
    private let base = InMemoryCache()
    private let failing = Mutex(false)
    private let deleted = Mutex(0)
    struct Failure: Error {}
    /// Deletes that reached the cache.
    var deletes: Int { deleted.withLock { $0 } }
    func failDeletes(_ fail: Bool) { failing.withLock { $0 = fail } }
    func get(_ keys: [String]) async throws -> [[UInt8]?] { try await base.get(keys) }
    func set(_ entries: [CacheEntry]) async throws { try await base.set(entries) }
    func add(_ entries: [CacheEntry]) async throws -> [Bool] { try await base.add(entries) }
    func swap(_ swaps: [CacheSwap]) async throws -> [Bool] { try await base.swap(swaps) }
    func delete(_ keys: [String]) async throws {
        if failing.withLock({ $0 }) { throw Failure() }
        deleted.withLock { $0 += 1 }
        try await base.delete(keys)
    }
}

/// A cache that, like the Redis client, does nothing in a cancelled task.
final class CancellationCheckingCache: DocumentCache {
    let base: any DocumentCache
    init(base: any DocumentCache) { self.base = base }
    func get(_ keys: [String]) async throws -> [[UInt8]?] { try Task.checkCancellation(); return try await base.get(keys) }
    func set(_ entries: [CacheEntry]) async throws { try Task.checkCancellation(); try await base.set(entries) }
    func add(_ entries: [CacheEntry]) async throws -> [Bool] { try Task.checkCancellation(); return try await base.add(entries) }
    func swap(_ swaps: [CacheSwap]) async throws -> [Bool] { try Task.checkCancellation(); return try await base.swap(swaps) }
    func delete(_ keys: [String]) async throws { try Task.checkCancellation(); try await base.delete(keys) }
}
