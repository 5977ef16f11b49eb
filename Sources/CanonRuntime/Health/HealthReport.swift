import Foundation

/// What a ``HealthChecker`` found: each component's status, the latency of its live probe, its
/// pool's counts and its circuit breaker, and the worst status as the whole. It encodes to JSON
/// (``json(pretty:)``) for a readiness endpoint, and never holds a credential, a key or a document ID.
public struct HealthReport: Sendable, Hashable, Codable {
    /// How a component, or the whole, is.
    public enum Status: String, Sendable, Hashable, Codable, Comparable {
        /// Working.
        case up
        /// Working without something it can do without: requests succeed, more slowly or with
        /// less (Redis down: the cache is bypassed; keyspaces fail).
        case degraded
        /// Not working: requests that need it fail.
        case down

        private var rank: Int {
            switch self {
            case .up: 0
            case .degraded: 1
            case .down: 2
            }
        }

        /// Worse is greater.
        public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }
    }

    /// A connection pool's counts when probed.
    public struct Pool: Sendable, Hashable, Codable {
        /// Connections (Redis) or transfers (Firestore) carrying calls.
        public var inUse: Int
        /// Connections open and idle (Redis), or easy handles kept for reuse (Firestore).
        public var idle: Int
        /// Calls waiting for room.
        public var waiting: Int

        /// Creates counts.
        public init(inUse: Int, idle: Int, waiting: Int) {
            self.inUse = inUse
            self.idle = idle
            self.waiting = waiting
        }
    }

    /// A circuit breaker's state when probed.
    public struct Breaker: Sendable, Hashable, Codable {
        /// `closed`, `open` or `half_open`.
        public var state: CircuitBreaker.State
        /// Calls that ended in its window, while closed.
        public var calls: Int
        /// Of those, the failed ones.
        public var failures: Int
        /// Calls it refused since it was made.
        public var rejections: Int
        /// While open, milliseconds until it lets trial calls through.
        public var retryAfterMilliseconds: Double?
    }

    /// One component: Firestore or Redis.
    public struct Component: Sendable, Hashable, Codable {
        /// `firestore` or `redis`.
        public var name: String
        /// How it is.
        public var status: Status
        /// How long its live probe took, in milliseconds; nil when the probe failed or timed out.
        public var latencyMilliseconds: Double?
        /// Why it is not up: what failed, never a credential or a key.
        public var error: String?
        /// Its pool's counts, when known.
        public var pool: Pool?
        /// Its circuit breaker, when it has one.
        public var breaker: Breaker?
    }

    /// The worst status of the components.
    public var status: Status
    /// When the check finished (RFC 3339, UTC).
    public var checkedAt: String
    /// Each component, Firestore first.
    public var components: [Component]

    /// Creates a report; its status is the worst of the components'.
    public init(checkedAt: Timestamp, components: [Component]) {
        status = components.map(\.status).max() ?? .up
        self.checkedAt = checkedAt.rfc3339
        self.components = components
    }

    /// The report as JSON: keys sorted, so the same report gives the same bytes.
    public func json(pretty: Bool = false) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        // Encoding plain structs of strings and numbers cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }
}
