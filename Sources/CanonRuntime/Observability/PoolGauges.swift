import Metrics

/// Records the connection pools' counts as gauges, after OpenTelemetry's conventions:
/// `db.client.connection.count` by `db.client.connection.state` (`used`, `idle`) and
/// `db.client.connection.pending_requests`, each by `db.client.connection.pool.name`
/// (`firestore`, `redis`). Run it as a background service (``run(every:)``); the
/// persistence container does.
public struct PoolGauges: Sendable {
    /// The Firestore client whose pool is counted.
    public let firestore: FirestoreClient?
    /// The Redis client whose pool is counted.
    public let redis: RedisClient?
    /// Where the gauges go.
    public let telemetry: Telemetry

    /// Gauges of the pools of `firestore` and `redis`.
    public init(firestore: FirestoreClient?, redis: RedisClient?, telemetry: Telemetry = Telemetry()) {
        self.firestore = firestore
        self.redis = redis
        self.telemetry = telemetry
    }

    /// Records the counts now.
    public func record() {
        if let counts = firestore?.statistics {
            record(pool: "firestore", used: counts.requestsInFlight, idle: counts.idleHandles, pending: counts.requestsWaiting)
        }
        if let counts = redis?.statistics {
            record(pool: "redis", used: counts.inUse, idle: counts.open - counts.inUse, pending: counts.callsWaiting)
        }
    }

    /// Records the counts every `interval` until the task is cancelled.
    public func run(every interval: Duration = .seconds(10)) async {
        while !Task.isCancelled {
            record()
            guard (try? await Task.sleep(for: interval)) != nil else { return }
        }
    }

    private func record(pool: String, used: Int, idle: Int, pending: Int) {
        let factory = telemetry.metrics
        let name = (TelemetryNames.poolName, pool)
        Gauge(label: TelemetryNames.connectionCount, dimensions: [name, (TelemetryNames.connectionState, "used")], factory: factory).record(used)
        Gauge(label: TelemetryNames.connectionCount, dimensions: [name, (TelemetryNames.connectionState, "idle")], factory: factory).record(idle)
        Gauge(label: TelemetryNames.pendingRequests, dimensions: [name], factory: factory).record(pending)
    }
}
