import CanonFirestoreServer
@_spi(Generated) import CanonRuntime
import CanonTestSupport
import CanonicalModels
import Foundation
import Synchronization
import Testing

/// The cached repositories generated from `Schemas/` (`UserContext` is cached) against the local
/// server over libcurl, with the in-memory cache and with a real redis-server.
@Suite("Cached repositories")
struct CachedRepositoryTests {
    enum Backend: String, CaseIterable, Sendable { case memory, redis }

    /// Counts the Firestore calls a client makes, by operation, and can hold reads until told.
    final class Calls: HTTPMiddleware {
        private struct State {
            var counts: [String: Int] = [:]
            var holding = false
            var held: [CheckedContinuation<Void, Never>] = []
        }
        private let state = Mutex(State())

        subscript(operation: String) -> Int { state.withLock { $0.counts[operation, default: 0] } }
        var heldReads: Int { state.withLock { $0.held.count } }

        /// `GetDocument` calls wait until `release()`.
        func holdReads() { state.withLock { $0.holding = true } }
        func release() {
            let held = state.withLock { state in
                state.holding = false
                defer { state.held = [] }
                return state.held
            }
            for call in held { call.resume() }
        }

        func intercept(_ request: HTTPRequest, context: HTTPCallContext,
                       next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
            state.withLock { $0.counts[context.operation, default: 0] += 1 }
            if context.operation == "GetDocument" {
                await withCheckedContinuation { continuation in
                    let wait = state.withLock { state in
                        if state.holding { state.held.append(continuation) }
                        return state.holding
                    }
                    if !wait { continuation.resume() }
                }
            }
            return try await next(request)
        }
    }

    /// A client of the local server whose cache is `backend`, counting its calls.
    struct Fixture {
        let client: FirestoreClient
        let calls: Calls
        let redis: RedisServer?
        let redisClient: RedisClient?
        var users: UserContextsRepository { UserContextsRepository(client: client) }
        var statistics: CacheStatistics.Counts { users.base.cache!.statistics.counts }

        static func with(_ backend: Backend, _ body: (Fixture) async throws -> Void) async throws {
            try await LocalServer.with { server in
                let redis = backend == .redis ? try RedisServer() : nil
                let redisClient = try redis.map { RedisClient(configuration: try RedisConfiguration(url: $0.url, connectTimeout: .milliseconds(200))) }
                let cache: any DocumentCache = redisClient.map { RedisCache(client: $0) } ?? InMemoryCache()
                let calls = Calls()
                let configuration = try FirestoreConfiguration.fromEnvironment(projectID: server.project, environment: ["FIRESTORE_EMULATOR_HOST": server.server.emulatorHost])
                let client = FirestoreClient(configuration: configuration, transport: server.transport,
                                             middlewares: [calls, FirestoreRetryMiddleware(policy: configuration.retryPolicy)],
                                             cache: FirestoreCache(cache: cache, collections: CanonSchemaSet.cachedCollections))
                let fixture = Fixture(client: client, calls: calls, redis: redis, redisClient: redisClient)
                do {
                    try await body(fixture)
                } catch {
                    await redisClient?.shutdown()
                    throw error
                }
                await redisClient?.shutdown()
            }
        }
    }

    @Test("get reads through the cache; every write through the client invalidates it, so the next read sees the write", arguments: Backend.allCases)
    func readThroughAndInvalidation(_ backend: Backend) async throws {
        try await Fixture.with(backend) { fixture in
            let users = fixture.users
            #expect(users.base.cache != nil, "UserContext's schema enables cache:")
            #expect(CasefilesRepository(client: fixture.client).base.cache == nil)

            // A miss is cached (negative_ttl: 1m); creating the document invalidates it.
            #expect(try await users.get("u-1") == nil)
            #expect(try await users.get("u-1") == nil)
            #expect(fixture.calls["GetDocument"] == 1)
            let created = try await users.create(UserContext(id: "u-1", preferences: Preferences(theme: .dark)))
            #expect(try await users.get("u-1") == created)
            #expect(try await users.get("u-1") == created)
            #expect(fixture.calls["GetDocument"] == 2)

            // save, updateIfUnchanged, a transaction, a batch and delete: each read after sees it.
            var changed = created
            changed.preferences.locale = "de-DE"
            try await users.save(changed)
            #expect(try await users.get("u-1")?.preferences.locale == "de-DE")
            try await users.updateIfUnchanged("u-1") { $0.preferences.timeZone = "Europe/Berlin" }
            #expect(try await users.get("u-1")?.preferences.timeZone == "Europe/Berlin")
            try await fixture.client.transaction { tx in
                guard var current = try await tx.get("u-1", in: users) else { return }
                current.preferences.notificationsEnabled = false
                try tx.save(current, in: users)
            }
            #expect(try await users.get("u-1")?.preferences.notificationsEnabled == false)
            var batch = WriteBatch()
            try batch.update("u-1", in: users) { $0.set(\.preferences, to: Preferences(theme: .light)) }
            try await batch.commit(with: fixture.client)
            #expect(try await users.get("u-1")?.preferences.theme == .light)
            try await users.delete("u-1")
            #expect(try await users.get("u-1") == nil)

            // Batch get: cached ones from the cache, the rest in one BatchGetDocuments.
            try await users.create(UserContext(id: "u-2"))
            try await users.create(UserContext(id: "u-3"))
            _ = try await users.get("u-2")
            let batches = fixture.calls["BatchGetDocuments"]
            #expect(try await users.get(["u-2", "u-3", "u-4"]).map { $0?.id.rawValue } == ["u-2", "u-3", nil])
            #expect(fixture.calls["BatchGetDocuments"] == batches + 1)
            #expect(try await users.get(["u-4", "u-3", "u-2"]).map { $0?.id.rawValue } == [nil, "u-3", "u-2"])
            #expect(fixture.calls["BatchGetDocuments"] == batches + 1, "all three cached, the missing one as a miss")

            let counts = fixture.statistics
            #expect(counts.hits > 0 && counts.misses > 0 && counts.errors == 0 && counts.bypasses == 0)
            if let redis = fixture.redis {
                // The entry as redis-cli sees it: prefix, database, collection, format version,
                // hash tag; its TTL within the jittered 5 minutes.
                let keys = try redis.cli(["KEYS", "canon:ucx:*"]).split(separator: "\n").map(String.init).sorted()
                let key = "canon:ucx:demo/%28default%29:user_contexts:v1:{user_contexts/u-2}"
                #expect(keys.contains(key), "\(keys)")
                let ttl = try #require(Int(try redis.cli(["PTTL", key])))
                #expect((260_000...300_000).contains(ttl))
            }
        }
    }

    @Test("the client's own writes (create, patch, delete) invalidate the cached documents they change", arguments: Backend.allCases)
    func clientWrites(_ backend: Backend) async throws {
        try await Fixture.with(backend) { fixture in
            let users = fixture.users
            let client = fixture.client
            #expect(try await users.get("c-1") == nil)  // a cached miss
            _ = try await client.createDocument(collectionID: "user_contexts", documentID: "c-1", fields: [:])
            #expect(try await users.get("c-1")?.preferences == Preferences())
            let name = client.documentName("user_contexts/c-1")
            _ = try await client.patch(name: name, fields: ["preferences": .map(["theme": .string("dark")])], mask: [FieldPath(["preferences"])])
            #expect(try await users.get("c-1")?.preferences.theme == .dark)
            try await client.delete(name: name)
            #expect(try await users.get("c-1") == nil)
            // A failed write invalidates too (it may have landed): the next read goes to Firestore.
            let reads = fixture.calls["GetDocument"]
            await #expect(throws: FirestoreError.self) {
                _ = try await client.patch(name: name, fields: [:], precondition: Precondition(exists: true))
            }
            #expect(try await users.get("c-1") == nil)
            #expect(fixture.calls["GetDocument"] == reads + 1)
        }
    }

    @Test("100 concurrent gets of a cold key make one Firestore read", arguments: Backend.allCases)
    func stampede(_ backend: Backend) async throws {
        try await Fixture.with(backend) { fixture in
            let users = fixture.users
            try await users.create(UserContext(id: "hot"))
            fixture.calls.holdReads()
            let gets = Task {
                try await withThrowingTaskGroup(of: UserContext?.self) { group in
                    for _ in 0..<100 { group.addTask { try await users.get("hot") } }
                    return try await group.reduce(into: [UserContext?]()) { $0.append($1) }
                }
            }
            // Bounded: 10 s at most. Every caller has missed and waits on the one read.
            for _ in 0..<400 where !(fixture.calls.heldReads == 1 && fixture.statistics.coalesced == 99) {
                try await Task.sleep(for: .milliseconds(25))
            }
            fixture.calls.release()
            let found = try await gets.value
            #expect(found.count == 100 && found.allSatisfy { $0?.id == "hot" })
            #expect(fixture.calls["GetDocument"] == 1)
            #expect(fixture.statistics.coalesced == 99 && fixture.statistics.misses == 100)
        }
    }

    @Test("redis-server killed and restarted under load: no caller sees an error, reads fall through to Firestore, and the cache recovers")
    func redisRestart() async throws {
        try await Fixture.with(.redis) { fixture in
            let users = fixture.users
            let redis = try #require(fixture.redis)
            for index in 0..<8 { try await users.create(UserContext(id: UserContext.ID(rawValue: "u-\(index)"))) }
            let phase = Phase()  // 0 before the kill, 1 while down, 2 after the restart, 3 done
            let load = Task {
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for worker in 0..<8 {
                        group.addTask {
                            var operations = 0
                            // Bounded: stops after the restart's reads, or after 3,000 operations.
                            while operations < 3_000, phase.value < 3 {
                                let id = UserContext.ID(rawValue: "u-\((worker + operations) % 8)")
                                if operations % 5 == 0 {
                                    try await users.updateIfUnchanged(id) { $0.preferences.locale = operations % 2 == 0 ? "en" : "fr" }
                                } else {
                                    #expect(try await users.get(id)?.id == id)
                                }
                                operations += 1
                            }
                            return operations
                        }
                    }
                    return try await group.reduce(0, +)
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            redis.kill()
            phase.value = 1
            // Bounded: 10 s at most. Reads go to Firestore without the cache.
            for _ in 0..<400 where fixture.statistics.bypasses < 20 { try await Task.sleep(for: .milliseconds(25)) }
            #expect(fixture.statistics.bypasses >= 20, "reads fell through to Firestore")
            try redis.start()
            phase.value = 2
            // The cache serves again within a bounded wait, with no caller having seen an error.
            let hitsAtRestart = fixture.statistics.hits
            for _ in 0..<200 where fixture.statistics.hits < hitsAtRestart + 50 { try await Task.sleep(for: .milliseconds(25)) }
            phase.value = 3
            let operations = try await load.value
            #expect(fixture.statistics.hits >= hitsAtRestart + 50, "the cache recovered by itself")
            #expect(operations > 100)
            // After the load: every read sees the last write.
            for index in 0..<8 {
                let id = UserContext.ID(rawValue: "u-\(index)")
                let stored = try await fixture.client.get(name: users.base.name(of: id))
                #expect(try await users.getVersioned(id)?.updateTime == stored?.updateTime)
            }
        }
    }
}

/// A number tasks share.
final class Phase: Sendable {
    private let storage = Mutex(0)
    var value: Int {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
