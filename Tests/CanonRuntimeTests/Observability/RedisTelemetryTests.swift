import CanonTestSupport
@testable import CanonRuntime
import Testing

/// What the Redis client records and how its breaker behaves, against a real `redis-server`.
@Suite("Redis telemetry and circuit breaker, against redis-server")
struct RedisTelemetryTests {
    @Test("each call is counted, timed, traced and logged under OpenTelemetry's names, with the request ID and never a key")
    func recordsCalls() async throws {
        let server = try RedisServer()
        let recorder = TelemetryRecorder()
        let redis = RedisClient(configuration: try RedisConfiguration(url: server.url), telemetry: recorder.telemetry)
        try await RedisClientTests.using(redis) { redis in
            try await PersistenceContext.$current.withValue(PersistenceContext(requestID: "req-7")) {
                try await redis.set("secret-key-1", Array("v".utf8))
                _ = try await redis.send(RedisCommand("GET", "secret-key-1"), namespace: "sessions")
                _ = try await redis.send(RedisCommand("GET", "secret-key-1"), namespace: "sessions")
                let replies = try await redis.pipeline([RedisCommand("INCR", "counter"), RedisCommand("HGET", "secret-key-1", "f")])
                #expect(replies.count == 2)
            }
        }

        let base = [("db.system.name", "redis"), ("db.namespace", "0")]
        #expect(recorder.metrics.counterTotal(label: "canon.db.client.operations", dimensions: base + [("db.operation.name", "SET")]) == 1)
        let gets = base + [("db.operation.name", "GET"), ("db.collection.name", "sessions")]
        #expect(recorder.metrics.counterTotal(label: "canon.db.client.operations", dimensions: gets) == 2)
        #expect(try recorder.metrics.expectTimer("db.client.operation.duration", gets).values.count == 2)
        // The pipeline's HGET met a string: one call, failed, under the reply's code.
        let failed = base + [("db.operation.name", "PIPELINE"), ("error.type", "WRONGTYPE"), ("db.response.status_code", "WRONGTYPE")]
        #expect(recorder.metrics.counterTotal(label: "canon.db.client.operation.errors", dimensions: failed) == 1)
        #expect(try recorder.metrics.expectTimer("db.client.operation.duration", failed).values.count == 1)
        #expect(recorder.metrics.counterTotal(label: "canon.db.client.operation.errors") == 1)

        let spans = recorder.tracer.finishedSpans
        #expect(spans.map(\.operationName) == ["SET", "GET sessions", "GET sessions", "PIPELINE"])
        #expect(spans.allSatisfy { $0.kind == .client })
        #expect(spans[1].attributes["db.collection.name"]?.toSpanAttribute() == "sessions")
        #expect(spans[1].attributes["server.address"]?.toSpanAttribute() == "127.0.0.1")
        #expect(spans[3].status?.code == .error)
        #expect(spans[3].attributes["error.type"]?.toSpanAttribute() == "WRONGTYPE")

        let entries = recorder.logs.entries
        #expect(entries.count == 4)
        #expect(entries.allSatisfy { $0.metadata["canon.request_id"] == "req-7" })
        #expect(entries.map(\.level) == [.trace, .trace, .trace, .debug], "nothing above debug on the normal path")

        // No key reaches a dimension, an attribute or a log line.
        var recorded: [String] = recorder.metrics.counters.flatMap(\.dimensions).map(\.1)
        for span in spans { span.attributes.forEach { key, value in recorded.append("\(key)=\(value)") } }
        for entry in entries { recorded.append("\(entry.message) \(entry.metadata)") }
        #expect(!recorded.joined().contains("secret-key"))
    }

    @Test("a stopped redis-server opens the breaker, which then refuses calls at once; once the server is back, trials close it")
    func breakerAroundAStoppedServer() async throws {
        let server = try RedisServer()
        let recorder = TelemetryRecorder()
        // On a clock the test moves: the breaker stays open until told, however slow the machine.
        let clock = CircuitBreakerTests.ManualClock()
        let breaker = CircuitBreaker(name: "redis", configuration: .init(minimumCalls: 3, openDuration: .seconds(5), trialCalls: 1),
                                     telemetry: recorder.telemetry, now: { clock.now })
        let configuration = try RedisConfiguration(url: server.url, connectTimeout: .milliseconds(200), commandTimeout: .milliseconds(200))
        let redis = RedisClient(configuration: configuration, pool: .init(reconnectBackoff: (.milliseconds(10), .milliseconds(50))),
                                telemetry: recorder.telemetry, circuitBreaker: breaker)
        #expect(redis.circuitBreaker === breaker)
        try await RedisClientTests.using(redis) { redis in
            try await redis.set("k", Array("v".utf8))
            // An error reply is an answer: it does not count against the server.
            for _ in 0..<5 { _ = try? await redis.send(RedisCommand("HGET", "k", "f")) }
            #expect(breaker.state == .closed)

            server.kill()
            var failures = 0
            for _ in 0..<20 where breaker.state == .closed {
                do { _ = try await redis.get("k") } catch { failures += 1 }
            }
            #expect(breaker.state == .open)
            #expect(failures >= 3)

            // Refused before it leaves, typed.
            do {
                _ = try await redis.get("k")
                Issue.record("an open breaker let a call through")
            } catch RedisError.circuitOpen(let refusal) {
                #expect(refusal.breaker == "redis")
                #expect(refusal.retryAfter == .seconds(5))
            }
            await #expect(throws: RedisError.self) { _ = try await redis.get("k") }

            // Once the server is back and the open duration has passed, a trial closes it.
            try server.start()
            for _ in 0..<100 where breaker.state != .closed {
                clock.advance(.seconds(5))
                _ = try? await redis.get("k")
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(breaker.state == .closed)
            #expect(try await redis.get("k") == nil, "the restarted server has no data")
        }
        let opened = recorder.metrics.counterTotal(label: "canon.circuit_breaker.transitions",
                                                   dimensions: [("canon.circuit_breaker.name", "redis"), ("canon.circuit_breaker.state", "open")])
        #expect(opened >= 1)
        #expect(recorder.metrics.counterTotal(label: "canon.db.client.operation.errors",
                                              dimensions: [("db.system.name", "redis"), ("db.namespace", "0"), ("db.operation.name", "GET"),
                                                           ("error.type", "circuit_open")]) >= 2)
        #expect(recorder.logs.entries.contains { $0.level == .warning && $0.metadata["canon.circuit_breaker"] == "redis" })
    }

    @Test("the pools' counts are gauges, and a call that finds no room in the pool counts as a connection timeout")
    func poolGauges() async throws {
        let server = try RedisServer()
        let recorder = TelemetryRecorder()
        let pool = HiredisTransport.Configuration(minimumConnections: 1, maximumConnections: 1, maximumCallsPerConnection: 1,
                                                  acquireTimeout: .milliseconds(50))
        // A command timeout above the BLPOP's, so the connection is held until the LPUSH releases it.
        let redis = RedisClient(configuration: try RedisConfiguration(url: server.url, commandTimeout: .seconds(15)), pool: pool,
                                telemetry: recorder.telemetry)
        let firestore = FirestoreClient(configuration: FirestoreConfiguration(projectID: "demo", baseURL: "http://127.0.0.1:1",
                                                                              credentials: EmulatorCredentials()))
        try await RedisClientTests.using(redis) { redis in
            _ = try await redis.ping()
            // One connection, one call at a time: while BLPOP holds it, a GET finds no room.
            let blocking = Task { try await redis.send(RedisCommand("BLPOP", "empty", "10")) }
            try await RedisClientTests.until { redis.statistics?.callsInFlight == 1 }
            await #expect(throws: RedisError.self) { _ = try await redis.get("k") }
            let gauges = PoolGauges(firestore: firestore, redis: redis, telemetry: recorder.telemetry)
            gauges.record()
            try server.cli(["LPUSH", "empty", "x"])  // releases the BLPOP
            _ = try await blocking.value

            let name = ("db.client.connection.pool.name", "redis")
            #expect(try recorder.metrics.expectGauge("db.client.connection.count", [name, ("db.client.connection.state", "used")]).lastValue == 1)
            #expect(try recorder.metrics.expectGauge("db.client.connection.count", [name, ("db.client.connection.state", "idle")]).lastValue == 0)
            #expect(try recorder.metrics.expectGauge("db.client.connection.pending_requests", [name]).lastValue == 0)
            #expect(recorder.metrics.counterTotal(label: "db.client.connection.timeouts", dimensions: [name]) == 1)
            let firestorePool = ("db.client.connection.pool.name", "firestore")
            #expect(try recorder.metrics.expectGauge("db.client.connection.count", [firestorePool, ("db.client.connection.state", "used")]).lastValue == 0)
        }
        await firestore.shutdown()
    }
}
