/// Sends Redis commands: the seam below ``RedisClient``, as ``HTTPTransport`` is below the
/// Firestore client. ``HiredisTransport`` is the one the runtime ships.
public protocol RedisTransport: Sendable {
    /// Sends `commands` together on one connection, in order (a pipeline), and returns one
    /// result per command: its reply, or the error reply the server gave it.
    ///
    /// - Throws: ``RedisError`` when the call as a whole failed (no connection, a timeout, a
    ///   broken connection), or `CancellationError` (once sent, the commands may still run).
    func send(_ commands: [RedisCommand], timeout: Duration) async throws -> [Result<RedisReply, RedisError>]
    /// An executor on which tasks make their calls without thread hand-offs, if the transport
    /// has one (see ``HiredisTransport/taskExecutor``).
    var taskExecutor: (any TaskExecutor)? { get }
}

extension RedisTransport {
    /// No executor of its own.
    public var taskExecutor: (any TaskExecutor)? { nil }

    /// Sends `commands` through `middlewares`, the first outermost, then the transport.
    func send(_ commands: [RedisCommand], context: RedisCallContext,
              through middlewares: ArraySlice<any RedisMiddleware>) async throws -> [Result<RedisReply, RedisError>] {
        guard let first = middlewares.first else { return try await send(commands, timeout: context.timeout) }
        return try await first.intercept(commands, context: context) { commands, context in
            try await self.send(commands, context: context, through: middlewares.dropFirst())
        }
    }
}
