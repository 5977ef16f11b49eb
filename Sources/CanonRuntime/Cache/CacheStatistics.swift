import Metrics
import Synchronization

/// How a ``CollectionCache`` fared, counted since it was made, and counted to its telemetry too
/// (`canon.cache.requests` by `canon.cache.result` and `db.collection.name`).
public final class CacheStatistics: Sendable {
    /// Counts of each outcome.
    public struct Counts: Sendable, Hashable {
        /// Reads the cache answered (a document, or a cached miss).
        public var hits = 0
        /// Reads the cache could not answer, which went to the database.
        public var misses = 0
        /// Cache operations that failed (the read or write went on without the cache). A lookup
        /// an open circuit breaker refused is not one, but a bypass the breaker chose; a refused
        /// fill or invalidation is one (an invalidation then waits to be retried).
        public var errors = 0
        /// Reads that skipped the cache: it failed, its circuit breaker is open, or a key's
        /// invalidation is still pending.
        public var bypasses = 0
        /// Reads that shared another reader's database read of the same key.
        public var coalesced = 0
        /// Database answers not stored because a write (or another reader) came first.
        public var refusedFills = 0
    }

    private let storage = Mutex(Counts())
    private let collection: String
    private let telemetry: Telemetry?

    /// Statistics of the cache of `collection`, counted to `telemetry` too when given.
    init(collection: String = "", telemetry: Telemetry? = nil) {
        self.collection = collection
        self.telemetry = telemetry
    }

    /// The counts now.
    public var counts: Counts { storage.withLock { $0 } }

    func count(_ field: WritableKeyPath<Counts, Int>, by amount: Int = 1) {
        guard amount > 0 else { return }
        storage.withLock { $0[keyPath: field] += amount }
        guard let factory = telemetry?.metrics, !(factory is NOOPMetricsHandler) else { return }
        let result = switch field {
        case \.hits: "hit"
        case \.misses: "miss"
        case \.errors: "error"
        case \.bypasses: "bypass"
        case \.coalesced: "coalesced"
        default: "refused_fill"
        }
        Counter(label: TelemetryNames.cacheRequests,
                dimensions: [(TelemetryNames.collection, collection), (TelemetryNames.cacheResult, result)],
                factory: factory).increment(by: amount)
    }

    /// Counts a failed cache operation as an error, unless a circuit breaker refused it.
    func countFailure(_ error: any Error) {
        if case RedisError.circuitOpen = error { return }
        count(\.errors)
    }
}
