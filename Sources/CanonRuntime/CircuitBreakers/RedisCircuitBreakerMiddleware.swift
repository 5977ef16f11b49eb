/// Puts a ``CircuitBreaker`` around Redis calls: an open breaker refuses them with
/// ``RedisError/circuitOpen(_:)`` before they leave. The read-through cache takes that as a
/// bypass, so a Redis outage costs requests nothing but the cache.
///
/// The rule of what counts (``outcome(ofReplies:)``, ``outcome(of:)``), documented in `docs/Observability.md`:
/// - **failures**: no connection (``RedisError/unavailable(endpoint:reason:)``), no room in
///   the pool in time, a reply that timed out, a connection that broke, a reply that is not
///   RESP;
/// - **failures** too: error replies that describe the server's state rather than the command
///   (``serverStateCodes``: `LOADING`, `BUSY`, `MASTERDOWN`, `CLUSTERDOWN`, `TRYAGAIN`, `OOM`,
///   `READONLY`, `MISCONF`, `NOREPLICAS`), for a call or any command of a pipeline;
/// - **successes**: every other call Redis answered, error replies included (`WRONGTYPE`, a
///   script's error): they are about the command, not the server;
/// - **nothing**: cancellation, and a client shut down.
public struct RedisCircuitBreakerMiddleware: RedisMiddleware {
    /// The breaker.
    public let breaker: CircuitBreaker

    /// A middleware around `breaker`.
    public init(breaker: CircuitBreaker) {
        self.breaker = breaker
    }

    public func intercept(_ commands: [RedisCommand], context: RedisCallContext,
                          next: @Sendable ([RedisCommand], RedisCallContext) async throws -> [Result<RedisReply, RedisError>])
        async throws -> [Result<RedisReply, RedisError>] {
        let permit: CircuitBreaker.Permit
        do {
            permit = try breaker.acquire()
        } catch {
            throw RedisError.circuitOpen(error)
        }
        do {
            let results = try await next(commands, context)
            breaker.record(permit, Self.outcome(ofReplies: results))
            return results
        } catch {
            breaker.record(permit, Self.outcome(of: error))
            throw error
        }
    }

    /// Error replies that say the server cannot serve now, whatever the command.
    public static let serverStateCodes: Set<String> = [
        "LOADING", "BUSY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "OOM", "READONLY", "MISCONF", "NOREPLICAS",
    ]

    /// How an answered call counts: a failure if any command got a server-state error reply.
    public static func outcome(ofReplies results: [Result<RedisReply, RedisError>]) -> CircuitBreaker.Outcome {
        for case .failure(.server(let reply)) in results where serverStateCodes.contains(reply.code) { return .failure }
        return .success
    }

    /// How a failed call counts.
    public static func outcome(of error: any Error) -> CircuitBreaker.Outcome {
        switch error {
        case let error as RedisError:
            switch error {
            case .unavailable, .poolExhausted, .replyTimedOut, .connectionBroken, .protocolViolation: .failure
            case .server(let reply): serverStateCodes.contains(reply.code) ? .failure : .success
            case .shutDown, .circuitOpen: .ignored
            }
        default: .ignored
        }
    }
}
