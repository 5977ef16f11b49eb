/// Redis over hiredis: a pool of connections driven by one dedicated thread with `poll`, so no
/// call blocks a thread of Swift's cooperative pool.
///
/// The pool keeps at least `minimumConnections` open and opens more, up to
/// `maximumConnections`, while every connection is busy. Calls go to the ready connection
/// carrying the fewest, and calls that arrive together are written together: concurrent callers
/// share a connection's pipeline, up to `maximumCallsPerConnection` calls in flight on one
/// connection. A call that finds no room waits at most `acquireTimeout` (while no connection is
/// ready yet, as long as connecting may take), then fails with
/// ``RedisError/poolExhausted(waited:)`` or ``RedisError/unavailable(endpoint:reason:)``. After an
/// attempt to connect failed with no connection working, calls fail at once with
/// ``RedisError/unavailable(endpoint:reason:)`` until the next attempt.
///
/// A connection that fails is closed (hiredis 0.14 cannot reuse a context whose `err` is set)
/// and replaced when the minimum or waiting calls need it; failed attempts back off
/// exponentially.
/// Each new connection gets keep-alive, `AUTH` and `SELECT` again, and a `PING` whose answer
/// makes it ready. Connections without traffic for `healthCheckInterval` are checked with `PING`;
/// those without calls for `maximumIdleTime` are closed, down to the minimum.
///
/// Replies come in order, so a call waits for every call sent before it on its connection: a
/// blocking command (`BLPOP`) or a slow one holds up the calls behind it, and when any call on a
/// connection times out, the connection is closed and every call on it fails.
///
/// The thread is also a task executor (``taskExecutor``): tasks that prefer it make their calls
/// without thread hand-offs.
public final class HiredisTransport: RedisTransport {
    /// The pool's limits.
    public struct Configuration: Sendable, Hashable {
        /// Connections kept open, even when idle.
        public var minimumConnections: Int
        /// Connections at most, for the whole process.
        public var maximumConnections: Int
        /// Calls in flight on one connection at once.
        public var maximumCallsPerConnection: Int
        /// How long a call may wait for room on a connection (while no connection is ready, it
        /// waits as long as connecting may take).
        public var acquireTimeout: Duration
        /// How long a connection may go without traffic before a `PING` checks it.
        public var healthCheckInterval: Duration
        /// How long a connection above the minimum may go without calls before it is closed.
        public var maximumIdleTime: Duration
        /// The wait after a failed connection attempt: `initial`, doubling up to `maximum`,
        /// each picked at random from its upper half.
        public var reconnectBackoff: (initial: Duration, maximum: Duration)

        /// Creates a configuration.
        public init(minimumConnections: Int = 1, maximumConnections: Int = 8, maximumCallsPerConnection: Int = 128,
                    acquireTimeout: Duration = .milliseconds(100), healthCheckInterval: Duration = .seconds(10),
                    maximumIdleTime: Duration = .seconds(60),
                    reconnectBackoff: (initial: Duration, maximum: Duration) = (.milliseconds(20), .seconds(1))) {
            self.minimumConnections = max(0, minimumConnections)
            self.maximumConnections = max(1, maximumConnections, minimumConnections)
            self.maximumCallsPerConnection = max(1, maximumCallsPerConnection)
            self.acquireTimeout = acquireTimeout
            self.healthCheckInterval = healthCheckInterval
            self.maximumIdleTime = maximumIdleTime
            self.reconnectBackoff = reconnectBackoff
        }

        /// Whether two configurations set the same limits.
        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.minimumConnections == rhs.minimumConnections && lhs.maximumConnections == rhs.maximumConnections
                && lhs.maximumCallsPerConnection == rhs.maximumCallsPerConnection && lhs.acquireTimeout == rhs.acquireTimeout
                && lhs.healthCheckInterval == rhs.healthCheckInterval && lhs.maximumIdleTime == rhs.maximumIdleTime
                && lhs.reconnectBackoff.initial == rhs.reconnectBackoff.initial && lhs.reconnectBackoff.maximum == rhs.reconnectBackoff.maximum
        }

        /// Hashes the limits.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(minimumConnections)
            hasher.combine(maximumConnections)
            hasher.combine(maximumCallsPerConnection)
            hasher.combine(acquireTimeout)
            hasher.combine(healthCheckInterval)
            hasher.combine(maximumIdleTime)
            hasher.combine(reconnectBackoff.initial)
            hasher.combine(reconnectBackoff.maximum)
        }
    }

    /// The pool as its thread last counted it: for health reports and metrics.
    public struct Statistics: Sendable, Hashable {
        /// Connections open, ready or not.
        public var open = 0
        /// Connections being made.
        public var opening = 0
        /// Ready connections carrying at least one call.
        public var inUse = 0
        /// Calls sent and waiting for their replies.
        public var callsInFlight = 0
        /// Calls waiting for room on a connection.
        public var callsWaiting = 0
        /// Why the last connection attempt failed, until one succeeds.
        public var lastConnectFailure: RedisConnectFailure?
    }

    /// Where the server is and how to log in.
    public let redis: RedisConfiguration
    /// The pool's limits.
    public let configuration: Configuration
    private let engine: RedisEngine

    /// Creates a transport and starts its thread; it connects in the background.
    public init(redis: RedisConfiguration, configuration: Configuration = Configuration()) {
        self.redis = redis
        self.configuration = configuration
        engine = RedisEngine(redis: redis, configuration: configuration)
    }

    /// A transport must be shut down before it goes away (a debug build stops there if it was
    /// not); a release build then stops its thread.
    deinit {
        assert(engine.lifecycle.state == .shutDown, "HiredisTransport released without shutdown(): call it (RedisClient.shutdown() does for its own)")
        engine.shutDown()
    }

    /// Where the transport is in its life.
    public var state: LifecycleState { engine.lifecycle.state }

    /// Connections and calls, as the pool's thread last counted them.
    public var statistics: Statistics { engine.statistics }

    /// Sends `commands` on one connection, in order, and waits for every reply.
    public func send(_ commands: [RedisCommand], timeout: Duration) async throws -> [Result<RedisReply, RedisError>] {
        guard !commands.isEmpty else { return [] }
        let call = RedisCall(commands: commands, timeout: timeout)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                call.continuation = continuation
                engine.submit(call)
            }
        } onCancel: {
            engine.cancel(call)
        }
    }

    /// Stops taking calls (new ones fail with ``RedisError/shutDown``), lets those sent or
    /// waiting finish while a connection is up, then closes every connection and stops the
    /// thread. Returns once all that is done (a connection attempt in progress is waited for,
    /// name resolution included); calling it again waits for the same end.
    public func shutdown() async {
        await engine.shutDownAndWait()
    }

    /// Runs until the task is cancelled or the transport shut down, then shuts it down.
    public func run() async {
        await engine.runUntilStopped()
    }

    /// The pool's thread as a task executor: a task that prefers it
    /// (`withTaskExecutorPreference(transport.taskExecutor) { … }`) runs on that thread between
    /// reads and writes, so its calls make no thread hand-offs. Its code holds up every call
    /// while it runs: use it for call-heavy work that does little else. Once the transport is
    /// shut down, such tasks run on the global concurrent executor.
    public var taskExecutor: (any TaskExecutor)? { engine }
}
