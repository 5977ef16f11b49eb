import Foundation

/// Reports how the persistence layer is: a live probe of Firestore and of Redis (each bounded by
/// a timeout, never piling up), their pools' counts and their circuit breakers. As a Swift value
/// (``check()``) or as JSON (``HealthReport/json(pretty:)``) for a readiness endpoint.
///
/// - Firestore is probed with a batch get of one document (``probeDocument``, which need not
///   exist: a missing document is an answer, and records no error). Failing, timing out or
///   behind an open breaker, Firestore is `down`: requests fail.
/// - Redis is probed with `PING`. Failing, it is `degraded`: the cache is bypassed and requests
///   still succeed, though keyspaces fail.
public final class HealthChecker: Sendable {
    /// The Firestore client probed.
    public let firestore: FirestoreClient
    /// The Redis client probed, if there is one.
    public let redis: RedisClient?
    /// How long a probe may take before it counts as failed.
    public let probeTimeout: Duration
    /// The document (relative to the database) the Firestore probe reads.
    public let probeDocument: String
    private let firestoreProbe: Probe
    private let redisProbe: Probe?

    /// A checker of `firestore` and `redis`.
    public init(firestore: FirestoreClient, redis: RedisClient?, probeTimeout: Duration = .seconds(1),
                probeDocument: String = "canon_health/probe") {
        self.firestore = firestore
        self.redis = redis
        self.probeTimeout = probeTimeout
        self.probeDocument = probeDocument
        let name = firestore.documentName(probeDocument)
        firestoreProbe = Probe(timeout: probeTimeout, describe: Self.describeFirestore) {
            _ = try await firestore.batchGet(names: [name])
        }
        redisProbe = redis.map { redis in
            Probe(timeout: probeTimeout, describe: { "\($0)" }) { _ = try await redis.ping() }
        }
    }

    /// Probes each component (concurrently) and reports.
    public func check() async -> HealthReport {
        async let firestoreOutcome = firestoreProbe.run()
        async let redisOutcome = redisProbe?.run()
        var components = [component("firestore", await firestoreOutcome, unhealthy: .down,
                                    pool: firestore.statistics.map { HealthReport.Pool(inUse: $0.requestsInFlight, idle: $0.idleHandles, waiting: $0.requestsWaiting) },
                                    breaker: firestore.circuitBreaker)]
        if let redis, let outcome = await redisOutcome {
            components.append(component("redis", outcome, unhealthy: .degraded,
                                        pool: redis.statistics.map { HealthReport.Pool(inUse: $0.inUse, idle: $0.open - $0.inUse, waiting: $0.callsWaiting) },
                                        breaker: redis.circuitBreaker))
        }
        return HealthReport(checkedAt: .now(), components: components)
    }

    private func component(_ name: String, _ outcome: Probe.Outcome, unhealthy: HealthReport.Status, pool: HealthReport.Pool?,
                           breaker: CircuitBreaker?) -> HealthReport.Component {
        let snapshot = breaker?.snapshot
        var component = HealthReport.Component(name: name, status: .up, pool: pool, breaker: snapshot.map {
            HealthReport.Breaker(state: $0.state, calls: $0.calls, failures: $0.failures, rejections: $0.rejections,
                                 retryAfterMilliseconds: $0.retryAfter.map { $0 / .milliseconds(1) })
        })
        switch outcome {
        case .answered(let latency):
            component.latencyMilliseconds = latency / .milliseconds(1)
        case .failed(let reason):
            component.status = unhealthy
            component.error = reason
        }
        if snapshot?.state == .open {
            component.status = unhealthy
            component.error = component.error ?? "the circuit breaker is open"
        }
        return component
    }

    /// A Firestore failure by its status or what failed, without the server's message (which
    /// could name documents).
    static func describeFirestore(_ error: any Error) -> String {
        if case FirestoreError.circuitOpen(let refusal) = error { return refusal.description }
        return FirestoreTelemetryMiddleware.errorType(of: error)
    }
}
