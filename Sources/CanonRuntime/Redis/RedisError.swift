/// Why a Redis call failed. Each says whether the command may have run (``commandMayHaveRun``):
/// a command the server answered with an error did not run, except a script (`EVAL`, `FCALL`),
/// which may have written before failing; a call refused before sending never reached the server.
///
/// A call whose task is cancelled after it was sent ends with `CancellationError`, and its
/// command may still run: Redis has no way to take it back.
public enum RedisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server answered with an error reply.
    case server(RedisServerError)
    /// The call was sent, but its replies did not all arrive within the command timeout; the
    /// connection was closed, since later replies would be out of order.
    case replyTimedOut(command: String, after: Duration)
    /// The connection failed or closed while the call was in flight.
    case connectionBroken(endpoint: String, reason: String)
    /// No connection to the server was up to take the call: the last attempt to connect failed
    /// as ``RedisConnectFailure`` says (or had not finished when the call stopped waiting).
    case unavailable(endpoint: String, reason: RedisConnectFailure)
    /// Every connection was carrying as many calls as it may, for the whole acquire timeout.
    case poolExhausted(waited: Duration)
    /// The server sent something that is not RESP2.
    case protocolViolation(String)
    /// The client or transport was shut down before the call could be sent.
    case shutDown
    /// An open circuit breaker refused the call: it was never sent.
    case circuitOpen(CircuitOpenError)

    /// Whether the command may have run on the server although the call failed.
    public var commandMayHaveRun: Bool {
        switch self {
        case .replyTimedOut, .connectionBroken, .protocolViolation: true
        case .server(let error): ["EVAL", "EVALSHA", "FCALL"].contains(error.command ?? "")
        case .unavailable, .poolExhausted, .shutDown, .circuitOpen: false
        }
    }

    /// What happened, naming the command and what timed out; never a key, value or password.
    public var description: String {
        switch self {
        case .server(let error): "Redis answered an error: \(error.message)"
        case .replyTimedOut(let command, let after): "no reply to \(command) within \(after) (it may have run; the connection was closed)"
        case .connectionBroken(let endpoint, let reason): "the connection to Redis at \(endpoint) broke with the call in flight (it may have run): \(reason)"
        case .unavailable(let endpoint, let reason): "Redis at \(endpoint) is unavailable: \(reason)"
        case .poolExhausted(let waited): "every Redis connection was busy for \(waited), the pool's acquire timeout"
        case .protocolViolation(let detail): "Redis sent an invalid reply: \(detail)"
        case .shutDown: "the Redis client was shut down"
        case .circuitOpen(let error): "Redis not called: \(error)"
        }
    }
}

/// Why the last attempt to connect failed.
public enum RedisConnectFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Connecting (the socket, `AUTH`, `SELECT` and the closing `PING`) took longer than the
    /// connect timeout.
    case timedOut(after: Duration)
    /// The socket could not be connected: refused, unreachable, no such host or socket file.
    case unreachable(String)
    /// `AUTH` was refused.
    case authenticationFailed(String)
    /// `SELECT` of the configured database was refused.
    case databaseRefused(String)
    /// The server accepted the socket, then refused the connection (too many clients, protected
    /// mode).
    case refused(String)
    /// No attempt has finished yet.
    case connecting

    /// What failed.
    public var description: String {
        switch self {
        case .timedOut(let after): "connecting timed out after \(after)"
        case .unreachable(let reason): "cannot connect: \(reason)"
        case .authenticationFailed(let reason): "AUTH was refused: \(reason)"
        case .databaseRefused(let reason): "SELECT was refused: \(reason)"
        case .refused(let reason): "the server refused the connection: \(reason)"
        case .connecting: "still connecting"
        }
    }
}
