/// Puts a ``CircuitBreaker`` around Firestore calls: an open breaker refuses them with
/// ``FirestoreError/circuitOpen(_:)`` before they leave.
///
/// The rule of what counts (``outcome(status:)``, ``outcome(of:)``), documented in
/// `docs/Observability.md`:
/// - **failures**: no answer (a timeout, a refused connection, an unresolved host, TLS, no
///   connection free in time, another transport failure), and the answers that say Firestore itself is failing or overloaded:
///   `UNAVAILABLE` (503), `INTERNAL`, `UNKNOWN` and `DATA_LOSS` (500, 502), `DEADLINE_EXCEEDED`
///   (504), `RESOURCE_EXHAUSTED` (429);
/// - **successes**: every other answer, errors about the request included: `NOT_FOUND`,
///   `ALREADY_EXISTS`, `FAILED_PRECONDITION`, `ABORTED`, `INVALID_ARGUMENT`, `PERMISSION_DENIED`,
///   `UNIMPLEMENTED`, …;
/// - **nothing**: cancellation, and a client shut down.
///
/// Placed inside ``FirestoreRetryMiddleware`` (as ``FirestoreClient`` places it), it counts
/// each attempt, and an open breaker ends a call's retries at once.
public struct FirestoreCircuitBreakerMiddleware: HTTPMiddleware {
    /// The breaker.
    public let breaker: CircuitBreaker

    /// A middleware around `breaker`.
    public init(breaker: CircuitBreaker) {
        self.breaker = breaker
    }

    public func intercept(_ request: HTTPRequest, context: HTTPCallContext,
                          next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        let permit: CircuitBreaker.Permit
        do {
            permit = try breaker.acquire()
        } catch {
            throw FirestoreError.circuitOpen(error)
        }
        do {
            let response = try await next(request)
            breaker.record(permit, Self.outcome(status: response.status))
            return response
        } catch {
            breaker.record(permit, Self.outcome(of: error))
            throw error
        }
    }

    /// How an answer counts: server failures and overload (429, 500, 502, 503, 504) fail.
    public static func outcome(status: Int) -> CircuitBreaker.Outcome {
        [429, 500, 502, 503, 504].contains(status) ? .failure : .success
    }

    /// How a call that got no answer counts.
    public static func outcome(of error: any Error) -> CircuitBreaker.Outcome {
        switch error {
        case TransportError.shutDown, is CancellationError: .ignored
        case is TransportError: .failure
        case let error as FirestoreError:
            switch error {
            case .server(let status): outcome(status: status.code)
            case .transport(let error): outcome(of: error)
            // Read after the chain, so never seen here; should a middleware throw it, it was an answer.
            case .malformedResponse: .success
            case .circuitOpen, .invalidWrite: .ignored
            }
        default: .ignored
        }
    }
}
