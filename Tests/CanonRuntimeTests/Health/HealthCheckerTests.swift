import CanonTestSupport
@testable import CanonRuntime
import Foundation
import Glibc
import Synchronization
import Testing

/// The health checker against a real redis-server, a port nobody listens on, and a socket that
/// accepts and never answers; and its probes' rules on their own.
@Suite("Health checks")
struct HealthCheckerTests {
    /// A loopback socket that listens and never answers: connections land in its backlog.
    final class SilentServer {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let port: UInt16
        init() throws {
            guard let port = bindToEphemeralLoopbackPort(descriptor), listen(descriptor, 16) == 0 else { throw CocoaError(.fileNoSuchFile) }
            self.port = port
        }
        deinit { close(descriptor) }
    }

    static func firestore(at host: String) -> FirestoreClient {
        var configuration = FirestoreConfiguration(projectID: "demo", baseURL: "http://\(host)", credentials: EmulatorCredentials())
        configuration.retryPolicy = RetryPolicy(maximumAttempts: 1)
        return FirestoreClient(configuration: configuration)
    }

    @Test("reports each component's status, probe latency, pool and breaker, and the worst as the whole, as JSON")
    func report() async throws {
        let server = try RedisServer()
        let breaker = CircuitBreaker(name: "redis")
        let redis = RedisClient(configuration: try RedisConfiguration(url: server.url, connectTimeout: .milliseconds(200)), circuitBreaker: breaker)
        let firestore = Self.firestore(at: "127.0.0.1:\(try RedisServer.freePort())")  // nobody listens there
        let checker = HealthChecker(firestore: firestore, redis: redis, probeTimeout: .seconds(2))
        let report = await checker.check()
        await firestore.shutdown()
        await redis.shutdown()

        #expect(report.status == .down)
        #expect(report.components.map(\.name) == ["firestore", "redis"])
        let firestoreHealth = report.components[0], redisHealth = report.components[1]
        #expect(firestoreHealth.status == .down)
        #expect(firestoreHealth.error == "connection_refused")
        #expect(firestoreHealth.latencyMilliseconds == nil)
        #expect(firestoreHealth.pool?.waiting == 0)
        #expect(redisHealth.status == .up)
        #expect((redisHealth.latencyMilliseconds ?? -1) >= 0)
        #expect((redisHealth.pool.map { $0.inUse + $0.idle } ?? 0) >= 1, "the connection the probe used")
        #expect(redisHealth.pool?.waiting == 0)
        #expect(redisHealth.breaker?.state == .closed)

        let json = try JSONSerialization.jsonObject(with: report.json()) as? [String: Any]
        #expect(json?["status"] as? String == "down")
        let components = json?["components"] as? [[String: Any]]
        #expect(components?.first?["error"] as? String == "connection_refused")
        #expect((components?.last?["breaker"] as? [String: Any])?["state"] as? String == "closed")
        #expect(try JSONDecoder().decode(HealthReport.self, from: report.json()) == report)
    }

    @Test("Redis down is degraded, not down: requests still succeed without the cache")
    func redisDegraded() async throws {
        let server = try RedisServer()
        let redis = RedisClient(configuration: try RedisConfiguration(url: server.url, connectTimeout: .milliseconds(200), commandTimeout: .milliseconds(200)))
        let firestore = Self.firestore(at: "127.0.0.1:\(try RedisServer.freePort())")
        server.kill()
        let report = await HealthChecker(firestore: firestore, redis: redis, probeTimeout: .seconds(1)).check()
        await firestore.shutdown()
        await redis.shutdown()
        #expect(report.components[1].status == .degraded)
        #expect(report.components[1].error != nil)
    }

    @Test("a Firestore probe that gets no answer fails within the probe's timeout, not the request's")
    func timeout() async throws {
        let silent = try SilentServer()
        var configuration = FirestoreConfiguration(projectID: "demo", baseURL: "http://127.0.0.1:\(silent.port)", credentials: EmulatorCredentials())
        configuration.retryPolicy = RetryPolicy(maximumAttempts: 1)
        configuration.requestTimeout = .seconds(20)  // without the probe's timeout, a check would take this long
        let firestore = FirestoreClient(configuration: configuration)
        let checker = HealthChecker(firestore: firestore, redis: nil, probeTimeout: .milliseconds(300))
        let started = ContinuousClock.now
        let report = await checker.check()
        #expect(ContinuousClock.now - started < .seconds(10), "bounded by the probe's timeout, not the request's")
        #expect(report.components[0].status == .down)
        #expect(report.components[0].error == "no answer within 0.3 seconds")
        await firestore.shutdown()
    }

    @Test("concurrent checks share the probe in flight: ten callers, one probe, ten answers")
    func shared() async throws {
        let gate = Gate()
        let runs = Mutex(0)
        let probe = Probe(timeout: .seconds(30), describe: { "\($0)" }) {
            runs.withLock { $0 += 1 }
            await gate.wait()
        }
        // The probe is held until the nine others have joined it.
        async let outcomes = withTaskGroup(of: Probe.Outcome.self) { group in
            for _ in 0..<10 { group.addTask { await probe.run() } }
            return await group.reduce(into: [Probe.Outcome]()) { $0.append($1) }
        }
        #expect(try await waitUntil { probe.joined == 9 })
        gate.open()
        let answers = await outcomes
        #expect(runs.withLock { $0 } == 1)
        #expect(answers.count == 10)
        #expect(answers.allSatisfy { if case .answered = $0 { true } else { false } })
    }

    @Test("while a probe that ignored its timeout still runs, no new one starts; once it ends, the next check probes again")
    func noPileUp() async throws {
        let gate = Gate()
        let runs = Mutex(0)
        let probe = Probe(timeout: .milliseconds(50), describe: { "\($0)" }) {
            runs.withLock { $0 += 1 }
            await gate.wait()  // ignores cancellation
        }
        #expect(await probe.run() == .failed("no answer within 0.05 seconds"))
        #expect(await probe.run() == .failed("the previous probe has not finished after timing out"))
        #expect(runs.withLock { $0 } == 1)
        gate.open()
        try await RedisClientTests.until { probe.isIdle }
        if case .answered = await probe.run() {} else { Issue.record("the probe did not run again") }
        #expect(runs.withLock { $0 } == 2)
    }

    /// Holds tasks until opened; cancellation does not release them.
    final class Gate: Sendable {
        private let state = Mutex<(open: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))
        func wait() async {
            await withCheckedContinuation { continuation in
                let open = state.withLock { state in
                    if !state.open { state.waiting.append(continuation) }
                    return state.open
                }
                if open { continuation.resume() }
            }
        }
        func open() {
            for waiter in state.withLock({ state in state.open = true; defer { state.waiting = [] }; return state.waiting }) { waiter.resume() }
        }
    }
}
