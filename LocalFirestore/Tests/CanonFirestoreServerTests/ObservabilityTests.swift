import CanonFirestoreServer
@_spi(Generated) import CanonRuntime
import CanonTestSupport
import CanonicalModels
import Foundation
import Testing

/// What the Firestore client records, its circuit breaker under the local server's fault
/// injection, and the cache bypassed while Redis's breaker is open: real HTTP over libcurl, a
/// real redis-server.
@Suite("Firestore telemetry and circuit breakers")
struct ObservabilityTests {
    static func configuration(_ server: LocalServer, attempts: Int = 3) throws -> FirestoreConfiguration {
        var configuration = try FirestoreConfiguration.fromEnvironment(projectID: server.project,
                                                                       environment: ["FIRESTORE_EMULATOR_HOST": server.server.emulatorHost])
        configuration.retryPolicy = RetryPolicy(maximumAttempts: attempts, initialBackoff: .milliseconds(1), maximumBackoff: .milliseconds(5))
        return configuration
    }

    @Test("every call is counted once however often it is retried, timed and traced by collection, and logged with the request ID, never a document ID")
    func recordsCalls() async throws {
        try await LocalServer.with { server in
            let recorder = TelemetryRecorder()
            let client = FirestoreClient(configuration: try Self.configuration(server), transport: server.transport, telemetry: recorder.telemetry)
            let name = "\(server.root)/casefiles/doc-secret-1"
            try await PersistenceContext.$current.withValue(PersistenceContext(requestID: "req-9")) {
                _ = try await client.commit(writes: [try WriteBuilder().set(name: name, data: ["title": .value(.string("t"))])])
                #expect(try await client.get(name: name) != nil)
                #expect(try await client.get(name: "\(server.root)/casefiles/doc-secret-2") == nil)
                server.server.faults.inject(Fault(method: "get", action: .fail(.unavailable), times: 2))
                #expect(try await client.get(name: name) != nil, "the third attempt succeeds")
                let query = StructuredQuery(from: [.init(collectionId: "casefiles")])
                #expect(try await client.runQuery(query).count == 1)
            }

            let metrics = recorder.metrics
            let base = [("db.system.name", "gcp.firestore"), ("db.namespace", "demo/(default)")]
            let gets = base + [("db.operation.name", "GetDocument"), ("db.collection.name", "casefiles")]
            #expect(metrics.counterTotal(label: "canon.db.client.operations", dimensions: gets) == 3, "three calls, five attempts")
            #expect(metrics.counterTotal(label: "canon.db.client.operations",
                                         dimensions: base + [("db.operation.name", "Commit"), ("db.collection.name", "casefiles")]) == 1)
            #expect(metrics.counterTotal(label: "canon.db.client.operations",
                                         dimensions: base + [("db.operation.name", "RunQuery"), ("db.collection.name", "casefiles")]) == 1)
            // A missing document is NOT_FOUND on the wire (the client returns nil): an error by status.
            let notFound = gets + [("error.type", "NOT_FOUND"), ("db.response.status_code", "NOT_FOUND")]
            #expect(metrics.counterTotal(label: "canon.db.client.operation.errors", dimensions: notFound) == 1)
            #expect(metrics.counterTotal(label: "canon.db.client.operation.errors") == 1, "the retried UNAVAILABLEs are not the caller's errors")
            #expect(try metrics.expectTimer("db.client.operation.duration", gets).values.count == 2)
            #expect(try metrics.expectTimer("db.client.operation.duration", notFound).values.count == 1)

            let spans = recorder.tracer.finishedSpans
            #expect(spans.map(\.operationName) == ["Commit casefiles", "GetDocument casefiles", "GetDocument casefiles",
                                                   "GetDocument casefiles", "RunQuery casefiles"])
            #expect(spans[0].attributes["server.address"]?.toSpanAttribute() == "127.0.0.1")
            #expect(spans[2].status?.code == .error)
            let entries = recorder.logs.entries
            #expect(entries.count == 5)
            #expect(entries.allSatisfy { $0.metadata["canon.request_id"] == "req-9" && $0.level <= .debug })

            var recorded: [String] = metrics.counters.flatMap(\.dimensions).map(\.1) + metrics.timers.flatMap(\.dimensions).map(\.1)
            for span in spans { span.attributes.forEach { key, value in recorded.append("\(key)=\(value)") } }
            for entry in entries { recorded.append("\(entry.message) \(entry.metadata)") }
            #expect(!recorded.joined().contains("doc-secret"))
        }
    }

    @Test("UNAVAILABLE from the server opens Firestore's breaker, which refuses calls before they leave; NOT_FOUND does not count; trials close it")
    func firestoreBreaker() async throws {
        try await LocalServer.with { server in
            let recorder = TelemetryRecorder()
            // Open long enough that the calls below meet it open unless the machine stalls for 3 s.
            let breaker = CircuitBreaker(name: "firestore", configuration: .init(minimumCalls: 3, openDuration: .seconds(3), trialCalls: 1),
                                         telemetry: recorder.telemetry)
            let client = FirestoreClient(configuration: try Self.configuration(server, attempts: 1), transport: server.transport,
                                         telemetry: recorder.telemetry, circuitBreaker: breaker)
            #expect(client.circuitBreaker === breaker)
            let name = "\(server.root)/c/a"
            for _ in 0..<5 { #expect(try await client.get(name: name) == nil) }
            #expect(breaker.state == .closed, "NOT_FOUND is an answer")

            server.server.faults.inject(Fault(method: "get", action: .fail(.unavailable)))
            // Five successes in the window: the fifth failure makes half.
            for _ in 0..<4 { await #expect(throws: FirestoreError.self) { _ = try await client.get(name: name) } }
            #expect(breaker.state == .closed)
            await #expect(throws: FirestoreError.self) { _ = try await client.get(name: name) }
            #expect(breaker.state == .open)
            #expect(server.server.faults.affectedCalls("get") == 5)
            do {
                _ = try await client.get(name: name)
                Issue.record("an open breaker let a call through")
            } catch FirestoreError.circuitOpen(let refusal) {
                #expect(refusal.breaker == "firestore")
            }
            #expect(server.server.faults.affectedCalls("get") == 5, "the refused call never reached the server")

            server.server.faults.clear()
            try await Task.sleep(for: .milliseconds(3_050))
            #expect(try await client.get(name: name) == nil)
            #expect(breaker.state == .closed)
            #expect(recorder.metrics.counterTotal(label: "canon.circuit_breaker.rejections") == 1)
        }
    }

    @Test("while Redis's breaker is open, cached reads bypass the cache without errors, and writes still land and are seen")
    func cacheBypassedWhileRedisBreakerOpen() async throws {
        try await LocalServer.with { server in
            let redisServer = try RedisServer()
            let recorder = TelemetryRecorder()
            let breaker = CircuitBreaker(name: "redis", configuration: .init(minimumCalls: 2, openDuration: .seconds(30)))
            let redis = RedisClient(configuration: try RedisConfiguration(url: redisServer.url, connectTimeout: .milliseconds(200),
                                                                          commandTimeout: .milliseconds(200)),
                                    circuitBreaker: breaker)
            let cache = FirestoreCache(cache: RedisCache(client: redis), collections: CanonSchemaSet.cachedCollections,
                                       telemetry: recorder.telemetry)
            let client = FirestoreClient(configuration: try Self.configuration(server), transport: server.transport, cache: cache)
            let users = UserContextsRepository(client: client)
            do {
                var user = try await users.create(UserContext(id: "u-1", preferences: Preferences(theme: .dark)))
                #expect(try await users.get("u-1") == user)
                #expect(try await users.get("u-1") == user)
                let statistics = { users.base.cache!.statistics.counts }
                #expect(statistics().hits == 1)

                redisServer.kill()
                for _ in 0..<20 where breaker.state == .closed { #expect(try await users.get("u-1") == user) }
                #expect(breaker.state == .open)
                let errors = statistics().errors
                let bypasses = statistics().bypasses
                for _ in 0..<10 { #expect(try await users.get("u-1") == user) }
                #expect(statistics().errors == errors, "refused calls are bypasses, not errors")
                #expect(statistics().bypasses == bypasses + 10)

                user.preferences.locale = "fr-FR"
                try await users.save(user)
                #expect(try await users.get("u-1")?.preferences.locale == "fr-FR")

                let counted = recorder.metrics.counterTotal(label: "canon.cache.requests",
                                                            dimensions: [("db.collection.name", "user_contexts"), ("canon.cache.result", "bypass")])
                #expect(counted == Int64(statistics().bypasses))
                #expect(recorder.metrics.counterTotal(label: "canon.cache.requests",
                                                      dimensions: [("db.collection.name", "user_contexts"), ("canon.cache.result", "hit")]) == 1)
            } catch {
                await redis.shutdown()
                throw error
            }
            await redis.shutdown()
        }
    }
}
