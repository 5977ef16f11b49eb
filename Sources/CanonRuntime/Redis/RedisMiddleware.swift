/// What a middleware knows about a Redis call besides its commands.
public struct RedisCallContext: Sendable, Hashable {
    /// The operation: the command's name (`GET`), `PIPELINE` for several, or what a repository
    /// names it. What OpenTelemetry records as `db.operation.name`.
    public var operation: String
    /// The collection or keyspace the call is for, if any (`db.collection.name`).
    public var namespace: String?
    /// How long the call may wait for its replies once sent.
    public var timeout: Duration

    /// Creates a context.
    public init(operation: String, namespace: String? = nil, timeout: Duration) {
        self.operation = operation
        self.namespace = namespace
        self.timeout = timeout
    }
}

/// A step around every call a ``RedisClient`` makes, as ``HTTPMiddleware`` is for Firestore:
/// it sees the commands, passes them on with `next` (once, several times, or not at all), and
/// sees the results or the failure. Circuit breakers, metrics and traces plug in here.
public protocol RedisMiddleware: Sendable {
    /// Handles one call.
    func intercept(_ commands: [RedisCommand], context: RedisCallContext,
                   next: @Sendable ([RedisCommand], RedisCallContext) async throws -> [Result<RedisReply, RedisError>])
        async throws -> [Result<RedisReply, RedisError>]
}
