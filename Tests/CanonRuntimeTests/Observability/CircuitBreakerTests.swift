@testable import CanonRuntime
import InMemoryLogging
import Logging
import MetricsTestKit
import Synchronization
import Testing

/// The breaker's state machine, on a clock the test moves.
@Suite("Circuit breaker")
struct CircuitBreakerTests {
    /// A clock that moves only when told.
    final class ManualClock: Sendable {
        private let instant = Mutex(ContinuousClock.now)
        var now: ContinuousClock.Instant { instant.withLock { $0 } }
        func advance(_ duration: Duration) { instant.withLock { $0 += duration } }
    }

    struct Fixture {
        let clock = ManualClock()
        let logs = InMemoryLogHandler()
        let metrics = TestMetrics()
        let breaker: CircuitBreaker

        init(_ configuration: CircuitBreaker.Configuration = .init(failureRateThreshold: 0.5, window: .seconds(10), minimumCalls: 4,
                                                                     openDuration: .seconds(5), trialCalls: 2)) {
            var logger = Logger(label: "test") { [logs] _ in logs }
            logger.logLevel = .trace
            let clock = clock
            breaker = CircuitBreaker(name: "db", configuration: configuration,
                                     telemetry: Telemetry(logger: logger, metricsFactory: metrics), now: { clock.now })
        }

        /// Makes a call ending as `outcome`.
        func call(_ outcome: CircuitBreaker.Outcome) throws {
            breaker.record(try breaker.acquire(), outcome)
        }

        func transitions(to state: String) -> Int64 {
            metrics.counterTotal(label: "canon.circuit_breaker.transitions",
                                 dimensions: [("canon.circuit_breaker.name", "db"), ("canon.circuit_breaker.state", state)])
        }
    }

    @Test("it opens once the window holds the minimum number of calls and the failure rate reaches the threshold")
    func opensAtThreshold() throws {
        let fixture = Fixture()
        // Three failures: 100% failed, but fewer than the minimum of four calls.
        for _ in 0..<3 { try fixture.call(.failure) }
        #expect(fixture.breaker.state == .closed)
        try fixture.call(.success)  // 3 of 4 failed
        #expect(fixture.breaker.state == .open, "a success that brings the calls to the minimum can open it too")
    }

    @Test("a failure rate below the threshold keeps it closed, and calls older than the window do not count")
    func windowAndRate() throws {
        let fixture = Fixture()
        for _ in 0..<3 { try fixture.call(.success) }
        try fixture.call(.failure)  // 1 of 4
        #expect(fixture.breaker.state == .closed)
        fixture.clock.advance(.seconds(11))  // those four leave the window
        try fixture.call(.failure)
        try fixture.call(.failure)
        try fixture.call(.failure)
        #expect(fixture.breaker.state == .closed, "three calls in the window, under the minimum")
        #expect(fixture.breaker.snapshot.calls == 3)
        #expect(fixture.breaker.snapshot.failures == 3)
        try fixture.call(.failure)
        #expect(fixture.breaker.state == .open)
    }

    @Test("open, it refuses calls with the time left; then it lets the trial calls through, and closes when they all succeed")
    func openHalfOpenClosed() throws {
        let fixture = Fixture()
        for _ in 0..<4 { try fixture.call(.failure) }
        #expect(fixture.breaker.state == .open)
        fixture.clock.advance(.seconds(2))
        #expect(throws: CircuitOpenError(breaker: "db", retryAfter: .seconds(3))) { _ = try fixture.breaker.acquire() }
        #expect(fixture.breaker.snapshot.rejections == 1)

        fixture.clock.advance(.seconds(3))
        let first = try fixture.breaker.acquire()
        #expect(fixture.breaker.state == .halfOpen)
        let second = try fixture.breaker.acquire()
        #expect(throws: CircuitOpenError.self, "only two trial calls at once") { _ = try fixture.breaker.acquire() }
        fixture.breaker.record(first, .success)
        #expect(fixture.breaker.state == .halfOpen)
        fixture.breaker.record(second, .success)
        #expect(fixture.breaker.state == .closed)

        #expect(fixture.transitions(to: "open") == 1)
        #expect(fixture.transitions(to: "half_open") == 1)
        #expect(fixture.transitions(to: "closed") == 1)
        #expect(fixture.metrics.counterTotal(label: "canon.circuit_breaker.rejections") == 2)
        let lines = fixture.logs.entries.map { ($0.level, $0.metadata["canon.circuit_breaker.state"]?.description) }
        #expect(lines.map(\.0) == [.warning, .info, .info])
        #expect(lines.map(\.1) == ["open", "half_open", "closed"])
    }

    @Test("a failed trial opens it again for the whole open duration")
    func failedTrial() throws {
        let fixture = Fixture()
        for _ in 0..<4 { try fixture.call(.failure) }
        fixture.clock.advance(.seconds(5))
        try fixture.call(.failure)
        #expect(fixture.breaker.state == .open)
        #expect(fixture.breaker.snapshot.retryAfter == .seconds(5))
        #expect(fixture.transitions(to: "open") == 2)
    }

    @Test("results of calls started before a change of state count for nothing")
    func staleResults() throws {
        let fixture = Fixture()
        let early = (0..<6).map { _ in try! fixture.breaker.acquire() }
        for _ in 0..<4 { try fixture.call(.failure) }
        #expect(fixture.breaker.state == .open)
        fixture.clock.advance(.seconds(5))
        let trial = try fixture.breaker.acquire()
        // Calls that started while closed end now, failing: the half-open breaker ignores them.
        for permit in early.prefix(3) { fixture.breaker.record(permit, .failure) }
        #expect(fixture.breaker.state == .halfOpen)
        fixture.breaker.record(trial, .success)
        try fixture.call(.success)
        #expect(fixture.breaker.state == .closed)
        // And once closed again, the rest of them do not count either.
        for permit in early.suffix(3) { fixture.breaker.record(permit, .failure) }
        #expect(fixture.breaker.snapshot.calls == 0)
    }

    @Test("a cancelled call counts as nothing: closed it leaves the window alone, half-open it frees its trial")
    func cancellationIgnored() throws {
        let fixture = Fixture()
        for _ in 0..<10 { try fixture.call(.ignored) }
        #expect(fixture.breaker.snapshot.calls == 0)
        for _ in 0..<4 { try fixture.call(.failure) }
        fixture.clock.advance(.seconds(5))
        let trials = [try fixture.breaker.acquire(), try fixture.breaker.acquire()]
        #expect(throws: CircuitOpenError.self) { _ = try fixture.breaker.acquire() }
        fixture.breaker.record(trials[0], .ignored)
        let replacement = try fixture.breaker.acquire()
        fixture.breaker.record(trials[1], .success)
        #expect(fixture.breaker.state == .halfOpen)
        fixture.breaker.record(replacement, .success)
        #expect(fixture.breaker.state == .closed)
    }
}
