/// A call refused by an open ``CircuitBreaker``: it never left the process. Thrown wrapped, as
/// ``FirestoreError/circuitOpen(_:)`` and ``RedisError/circuitOpen(_:)``.
public struct CircuitOpenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The breaker's name.
    public var breaker: String
    /// How long until the breaker lets trial calls through (zero while its trials run).
    public var retryAfter: Duration

    /// Creates an error.
    public init(breaker: String, retryAfter: Duration) {
        self.breaker = breaker
        self.retryAfter = retryAfter
    }

    /// Which breaker refused, and for how long it will.
    public var description: String {
        "the \(breaker) circuit breaker is open: the call was refused (trial calls in \(retryAfter))"
    }
}
