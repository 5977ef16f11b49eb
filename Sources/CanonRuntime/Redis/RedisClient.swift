/// Redis commands over a ``RedisTransport`` (a ``HiredisTransport`` unless given another),
/// through the client's middlewares, with typed replies and typed errors.
///
/// ```swift
/// let redis = RedisClient(configuration: try RedisConfiguration(url: "redis://127.0.0.1:6379/0"))
/// try await redis.set("greeting", Array("hello".utf8), ttl: .seconds(60))
/// let value = try await redis.get("greeting")            // [UInt8]?
/// let replies = try await redis.pipeline([RedisCommand("INCR", "hits"), RedisCommand("PTTL", "greeting")])
/// await redis.shutdown()
/// ```
public final class RedisClient: Sendable {
    /// Where the server is, how to log in, the timeouts.
    public let configuration: RedisConfiguration
    /// What calls go through.
    public let transport: any RedisTransport
    /// What every call goes through, outermost first, before the transport.
    public let middlewares: [any RedisMiddleware]
    /// The circuit breaker the client put in its own chain, if any (for health reports).
    public let circuitBreaker: CircuitBreaker?
    /// The transport the client made, and so shuts down.
    private let ownTransport: HiredisTransport?
    private let lifecycle = Lifecycle()

    /// Creates a client over `transport`, or over a ``HiredisTransport`` of its own with the
    /// pool limits `pool` (which its ``shutdown()`` shuts down; a given transport is the
    /// caller's to shut down, and `pool` does not apply to it).
    ///
    /// Without `middlewares`, every call is recorded to `telemetry` (``RedisTelemetryMiddleware``)
    /// and, with a `circuitBreaker`, goes through it (``RedisCircuitBreakerMiddleware``). With
    /// `middlewares`, calls go through exactly those, and `telemetry` and `circuitBreaker` are
    /// not used.
    public init(configuration: RedisConfiguration, transport: (any RedisTransport)? = nil,
                pool: HiredisTransport.Configuration = .init(), middlewares: [any RedisMiddleware]? = nil,
                telemetry: Telemetry = Telemetry(), circuitBreaker: CircuitBreaker? = nil) {
        self.configuration = configuration
        let own = transport == nil ? HiredisTransport(redis: configuration, configuration: pool) : nil
        ownTransport = own
        self.transport = transport ?? own!
        self.circuitBreaker = middlewares == nil ? circuitBreaker : nil
        self.middlewares = middlewares ?? (
            [RedisTelemetryMiddleware(configuration: configuration, telemetry: telemetry)]
                + (circuitBreaker.map { [RedisCircuitBreakerMiddleware(breaker: $0)] } ?? [])
        )
    }

    /// Where the client is in its life.
    public var state: LifecycleState { lifecycle.state }

    /// Stops taking calls (new ones fail with ``RedisError/shutDown``) and shuts down the
    /// transport the client made, which lets the calls in flight finish first.
    public func shutdown() async {
        await lifecycle.shutDown { await ownTransport?.shutdown() }
    }

    /// Runs until the task is cancelled or the client shut down, then shuts it down; in a
    /// swift-service-lifecycle group, as `cancelWhenGracefulShutdown { await redis.run() }`.
    public func run() async {
        await lifecycle.run { await self.shutdown() }
    }

    /// The transport's executor, if it has one (see ``HiredisTransport/taskExecutor``).
    public var taskExecutor: (any TaskExecutor)? { transport.taskExecutor }

    /// The pool's counts, when the client made its own transport.
    public var statistics: HiredisTransport.Statistics? { ownTransport?.statistics }

    // MARK: Calls

    /// Sends one command and returns its reply.
    ///
    /// - Throws: ``RedisError/server(_:)`` for an error reply, another ``RedisError`` when the
    ///   call failed, `CancellationError` when the task was cancelled (once sent, the command may
    ///   still run).
    @discardableResult
    public func send(_ command: RedisCommand, namespace: String? = nil) async throws -> RedisReply {
        let results = try await call([command], operation: command.name, namespace: namespace)
        guard let first = results.first else { throw RedisError.protocolViolation("no reply") }
        return try first.get()
    }

    /// Sends commands together on one connection, in order, and returns each one's result: a
    /// reply, or the error reply the server gave that command (the others still ran).
    public func pipeline(_ commands: [RedisCommand], namespace: String? = nil) async throws -> [Result<RedisReply, RedisError>] {
        try await call(commands, operation: commands.count == 1 ? commands[0].name : "PIPELINE", namespace: namespace)
    }

    private func call(_ commands: [RedisCommand], operation: String, namespace: String?) async throws -> [Result<RedisReply, RedisError>] {
        guard lifecycle.state == .running else { throw RedisError.shutDown }
        let context = RedisCallContext(operation: operation, namespace: namespace, timeout: configuration.commandTimeout)
        let results = try await transport.send(commands, context: context, through: middlewares[...])
        guard results.count == commands.count else {
            throw RedisError.protocolViolation("\(results.count) replies to \(commands.count) commands")
        }
        return results
    }

    // MARK: Common commands

    /// `GET`: the value, or nil when the key does not exist.
    public func get(_ key: String) async throws -> [UInt8]? {
        try await send(RedisCommand("GET", key)).bytes
    }

    /// `MGET`: each key's value in order, nil where a key does not exist.
    public func get(_ keys: [String]) async throws -> [[UInt8]?] {
        guard !keys.isEmpty else { return [] }
        guard let values = try await send(RedisCommand("MGET", arguments: keys)).array, values.count == keys.count else {
            throw RedisError.protocolViolation("MGET did not answer one value per key")
        }
        return values.map(\.bytes)
    }

    /// `SET`, with `PX` when a time to live is given (at least a millisecond).
    public func set(_ key: String, _ value: [UInt8], ttl: Duration? = nil) async throws {
        var arguments: [any RedisArgument] = [key, value]
        if let ttl { arguments += ["PX", Self.milliseconds(ttl)] }
        try await send(RedisCommand("SET", arguments: arguments))
    }

    /// `DEL`: how many of the keys existed.
    @discardableResult
    public func delete(_ keys: [String]) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        return Int(try await send(RedisCommand("DEL", arguments: keys)).integer ?? 0)
    }

    /// `PING`: how long the server took to answer.
    public func ping() async throws -> Duration {
        let start = ContinuousClock.now
        try await send(RedisCommand("PING"))
        return .now - start
    }

    /// Whole milliseconds, at least one: `PX 0` is an error in Redis.
    static func milliseconds(_ duration: Duration) -> Int64 {
        max(1, Int64((duration / .milliseconds(1)).rounded(.up)))
    }
}
