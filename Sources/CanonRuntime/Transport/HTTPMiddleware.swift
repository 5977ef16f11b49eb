/// What a middleware knows about a call besides its request.
public struct HTTPCallContext: Sendable, Hashable {
    /// The operation, named as Google's clients name Firestore's RPCs (`GetDocument`, `Commit`,
    /// `RunQuery`, …): what OpenTelemetry records as `db.operation.name`.
    public var operation: String
    /// Whether repeating the call is harmless, which decides what may be retried.
    public var kind: RetryPolicy.CallKind
    /// The ID of the collection the call is about, when it is about one
    /// (`db.collection.name`): never a document ID.
    public var collection: String?

    /// Creates a context.
    public init(operation: String, kind: RetryPolicy.CallKind, collection: String? = nil) {
        self.operation = operation
        self.kind = kind
        self.collection = collection
    }
}

/// A step around every call a client makes, in the spirit of swift-openapi-runtime's
/// `ClientMiddleware`: it sees the request, passes it on with `next` (once, several times, or
/// not at all) and sees the response or the failure. Retries are one
/// (``FirestoreRetryMiddleware``), and so are circuit breakers
/// (``FirestoreCircuitBreakerMiddleware``) and telemetry (``FirestoreTelemetryMiddleware``).
public protocol HTTPMiddleware: Sendable {
    /// Handles one call.
    func intercept(_ request: HTTPRequest, context: HTTPCallContext,
                   next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse
}

extension HTTPTransport {
    /// Sends `request` through `middlewares`, the first outermost, then the transport.
    func send(_ request: HTTPRequest, context: HTTPCallContext, through middlewares: ArraySlice<any HTTPMiddleware>) async throws -> HTTPResponse {
        guard let first = middlewares.first else { return try await send(request) }
        return try await first.intercept(request, context: context) { request in
            try await self.send(request, context: context, through: middlewares.dropFirst())
        }
    }
}
