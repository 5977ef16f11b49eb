import CanonFirestoreServer
@_spi(Generated) import CanonRuntime
import CanonTestSupport
import CanonicalModels
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// The persistence container built in one call, against the local server (and a real
/// redis-server), and its drain on a graceful shutdown.
@Suite("Persistence container")
struct PersistenceTests {
    /// Runs `body`, then shuts the container down, also when `body` throws.
    static func using(_ persistence: CanonPersistence, _ body: (CanonPersistence) async throws -> Void) async throws {
        do {
            try await body(persistence)
        } catch {
            await persistence.shutdown()
            throw error
        }
        await persistence.shutdown()
    }

    @Test("one line swaps in the embedded local server and the in-memory cache; the container hands out every generated repository")
    func oneLine() async throws {
        try await LocalServer.with { server in
            try await Self.using(try CanonPersistence(configuration: .emulator(server.server.emulatorHost), schemas: [CanonSchemaSet.self])) { persistence in
                let created = try await persistence.casefiles.create(Casefile(title: "Printer on fire", ownerId: "alice"))
                #expect(try await persistence.casefiles.get(created.id) == created)
                #expect(persistence.rateLimitWindows == nil, "no Redis configured")
                #expect(persistence.cache?.cache is InMemoryCache)
                #expect(persistence.firestore.circuitBreaker?.name == "firestore")

                let user = try await persistence.userContexts.create(UserContext(id: "u-1", preferences: Preferences(theme: .dark)))
                #expect(try await persistence.userContexts.get("u-1") == user)  // a miss, which fills the cache
                #expect(try await persistence.userContexts.get("u-1") == user)
                #expect(persistence.userContexts.base.cache?.statistics.counts.hits == 1)

                let report = await persistence.health.check()
                #expect(report.status == .up)
                #expect(report.components.map(\.name) == ["firestore"])
                #expect(report.components[0].breaker?.state == .closed)
            }
        }
    }

    @Test("with Redis configured, the cache is in Redis and keyspaces are handed out; health reports both pools")
    func withRedis() async throws {
        try await LocalServer.with { server in
            let redisServer = try RedisServer()
            var configuration = CanonConfiguration.emulator(server.server.emulatorHost)
            configuration.redis.url = redisServer.url
            configuration.cache.store = .automatic
            try await Self.using(try CanonPersistence(configuration: configuration, schemas: [CanonSchemaSet.self])) { persistence in
                #expect(persistence.cache?.cache is RedisCache)
                let windows = try #require(persistence.rateLimitWindows)
                let count = try await windows.increment(\.count, in: RateLimitWindow(subject: "alice", windowStart: 0, limit: 10))
                #expect(count == 1)
                let report = await persistence.health.check()
                #expect(report.status == .up)
                #expect(report.components.map(\.name) == ["firestore", "redis"])
                #expect(report.components[1].breaker?.state == .closed)
            }
        }
    }

    @Test("an invalid configuration is refused before anything starts, every problem at once")
    func refusesInvalid() throws {
        var configuration = CanonConfiguration()
        configuration.redis.url = "redis://:hunter2@localhost:notaport"
        configuration.cache.store = .redis
        do {
            _ = try CanonPersistence(configuration: configuration, schemas: [CanonSchemaSet.self])
            Issue.record("accepted")
        } catch {
            #expect(error.problems.map(\.key) == ["firestore.project", "redis.url"])
            #expect(!error.description.contains("hunter2"))
        }
    }

    @Test("in a service group, a graceful shutdown lets the call in flight finish, and calls after it fail with a typed error")
    func drainsOnGracefulShutdown() async throws {
        try await LocalServer.with { server in
            let persistence = try CanonPersistence(configuration: .emulator(server.server.emulatorHost), schemas: [CanonSchemaSet.self])
            let created = try await persistence.casefiles.create(Casefile(title: "T", ownerId: "alice"))
            server.server.faults.inject(Fault(method: "get", action: .delay(.milliseconds(400)), times: 1))
            let group = ServiceGroup(configuration: .init(services: [.init(service: persistence)], logger: Logger(label: "test")))
            let running = Task { try await group.run() }
            let slow = Task { try await persistence.casefiles.get(created.id) }
            #expect(try await waitUntil { server.server.faults.affectedCalls("get") == 1 })
            await group.triggerGracefulShutdown()
            #expect(try await waitUntil { persistence.firestore.state != .running })
            do {
                _ = try await persistence.casefiles.get(created.id)
                Issue.record("a call after the shutdown began went through")
            } catch FirestoreError.transport(.shutDown) {
            }
            #expect(try await slow.value == created, "the call in flight finished")
            try await running.value
            #expect(persistence.state == .shutDown)
        }
    }
}
