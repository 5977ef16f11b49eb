import Foundation

/// Retries a Firestore call as its ``RetryPolicy`` allows for the call's kind: failures that
/// may succeed on another try, with backoff, and never a write that may already have happened
/// unless repeating it leaves the same data and result (``FirestoreClient/isRepeatable(_:)``).
/// A streamed answer is retried only on its
/// status, before any of its body is handed on.
public struct FirestoreRetryMiddleware: HTTPMiddleware {
    /// When and how long to wait.
    public let policy: RetryPolicy
    private let sleep: @Sendable (Duration) async throws -> Void

    /// A middleware retrying under `policy`; `sleep` waits out each backoff (tests pass one that
    /// does not wait).
    public init(policy: RetryPolicy, sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.policy = policy
        self.sleep = sleep
    }

    /// A failure after which the call may have happened; a later attempt's refusal does not
    /// undo that, so giving up reports this one (``FirestoreError/mayHaveBeenApplied``).
    private enum Ambiguity {
        case transport(TransportError)
        case answer(HTTPResponse, body: Data)
    }

    /// The RPCs that change data: only their outcome can be left open by an earlier attempt.
    static let writes: Set<String> = ["Commit", "CreateDocument", "UpdateDocument", "DeleteDocument", "BatchWrite"]

    public func intercept(_ request: HTTPRequest, context: HTTPCallContext,
                          next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        var attempt = 1
        var ambiguity: Ambiguity?
        let writes = Self.writes.contains(context.operation)
        while true {
            do {
                let response = try await next(request)
                if (200..<300).contains(response.status) { return response }
                // The error is read here to decide; the caller reads it again from the body.
                let body = try await response.body.collect()
                let failure = FirestoreError.fromResponse(httpStatus: response.status, body: body)
                guard policy.shouldRetry(failure, attempt: attempt, kind: context.kind) else {
                    if !failure.mayHaveBeenApplied, let earlier = ambiguity { return try Self.report(earlier) }
                    return HTTPResponse(status: response.status, headers: response.headers, body: HTTPBody(body))
                }
                if writes, failure.mayHaveBeenApplied { ambiguity = .answer(response, body: body) }
            } catch let error as TransportError {
                guard policy.shouldRetry(.transport(error), attempt: attempt, kind: context.kind) else {
                    if !FirestoreError.transport(error).mayHaveBeenApplied, let earlier = ambiguity { return try Self.report(earlier) }
                    throw error
                }
                if writes, FirestoreError.transport(error).mayHaveBeenApplied { ambiguity = .transport(error) }
            }
            try await sleep(policy.backoff(afterAttempt: attempt))
            attempt += 1
        }
    }

    private static func report(_ ambiguity: Ambiguity) throws -> HTTPResponse {
        switch ambiguity {
        case .transport(let error): throw error
        case .answer(let response, let body): return HTTPResponse(status: response.status, headers: response.headers, body: HTTPBody(body))
        }
    }
}
