/// When and how long to wait before trying a call again: exponential backoff with full jitter,
/// only for failures that may succeed on another try, and never for a write that might already
/// have happened unless a repeat leaves the same data and result (``FirestoreClient/isRepeatable(_:)``).
public struct RetryPolicy: Sendable, Hashable {
    /// How many attempts in all, the first included.
    public var maximumAttempts: Int
    /// The first backoff.
    public var initialBackoff: Duration
    /// The largest backoff.
    public var maximumBackoff: Duration
    /// How much each backoff grows.
    public var multiplier: Double

    /// Creates a policy.
    public init(maximumAttempts: Int = 5, initialBackoff: Duration = .milliseconds(100), maximumBackoff: Duration = .seconds(10),
                multiplier: Double = 1.5) {
        self.maximumAttempts = maximumAttempts
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.multiplier = multiplier
    }

    /// What kind of call failed, which decides what is safe to repeat.
    public enum CallKind: Sendable, Hashable {
        /// Reads, and writes whose repeat leaves the same data and result.
        case idempotent
        /// A write that a repeat could apply twice.
        case nonIdempotent
        /// A commit inside a transaction (the transaction runner retries the whole transaction).
        case transactional
    }

    /// Whether attempt number `attempt` (1 for the first) that failed with `error` should be retried.
    public func shouldRetry(_ error: FirestoreError, attempt: Int, kind: CallKind) -> Bool {
        guard attempt < maximumAttempts else { return false }
        // A transaction restarts only on contention: what failed before reaching Firestore, the
        // client has already retried, and retrying it here too would multiply the attempts.
        if kind == .transactional { return error.statusName == "ABORTED" }
        switch error {
        case .server(let status):
            switch status.status {
            case "UNAVAILABLE", "RESOURCE_EXHAUSTED":
                // The server refused the call before doing anything.
                return true
            case "DEADLINE_EXCEEDED", "INTERNAL":
                // The call may have happened.
                return kind == .idempotent
            default:
                return false
            }
        case .transport(let failure):
            switch failure {
            case .connectionRefused, .unresolvedHost, .poolExhausted:
                return true  // nothing was sent
            case .shutDown:
                return false  // nothing will be
            case .timeout, .tls, .other:
                return kind == .idempotent  // the request may have reached the server
            }
        case .malformedResponse:
            return false
        case .circuitOpen:
            return false  // refused for the breaker's open duration, longer than any backoff
        case .invalidWrite:
            return false  // refused the same way every time
        }
    }

    /// The wait before attempt `attempt + 1`: a random duration up to the exponential bound.
    public func backoff(afterAttempt attempt: Int, random: Double = Double.random(in: 0...1)) -> Duration {
        let initial = Double(initialBackoff.components.seconds) + Double(initialBackoff.components.attoseconds) / 1e18
        let cap = Double(maximumBackoff.components.seconds) + Double(maximumBackoff.components.attoseconds) / 1e18
        var bound = initial
        for _ in 1..<max(1, attempt) { bound = min(cap, bound * multiplier) }
        bound = min(cap, bound)
        return .nanoseconds(Int64(bound * random * 1e9))
    }
}
