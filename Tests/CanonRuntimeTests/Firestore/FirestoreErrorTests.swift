import CanonRuntime
import Foundation
import Testing

@Suite("Firestore errors and retries")
struct FirestoreErrorTests {
    @Test("reads google.rpc.Status bodies, and falls back to the HTTP status")
    func status() {
        let body = Data(#"{"error": {"code": 409, "message": "Document already exists: projects/p/databases/(default)/documents/C/d", "status": "ALREADY_EXISTS"}}"#.utf8)
        let error = FirestoreError.fromResponse(httpStatus: 409, body: body)
        #expect(error == .server(.init(code: 409, message: "Document already exists: projects/p/databases/(default)/documents/C/d", status: "ALREADY_EXISTS")))
        #expect(error.statusName == "ALREADY_EXISTS")
        #expect(FirestoreError.fromResponse(httpStatus: 503, body: Data("upstream down".utf8)).statusName == "UNAVAILABLE")
        #expect(FirestoreError.fromResponse(httpStatus: 404, body: Data()).statusName == "NOT_FOUND")
    }

    static func server(_ name: String) -> FirestoreError { .server(.init(code: 0, message: "", status: name)) }

    @Test("retries only what may succeed and cannot apply twice")
    func retries() {
        let policy = RetryPolicy()
        #expect(policy.shouldRetry(Self.server("UNAVAILABLE"), attempt: 1, kind: .nonIdempotent))
        #expect(policy.shouldRetry(Self.server("RESOURCE_EXHAUSTED"), attempt: 1, kind: .nonIdempotent))
        #expect(policy.shouldRetry(Self.server("DEADLINE_EXCEEDED"), attempt: 1, kind: .idempotent))
        #expect(!policy.shouldRetry(Self.server("DEADLINE_EXCEEDED"), attempt: 1, kind: .nonIdempotent), "the write may have happened")
        #expect(policy.shouldRetry(Self.server("ABORTED"), attempt: 1, kind: .transactional))
        #expect(!policy.shouldRetry(Self.server("ABORTED"), attempt: 1, kind: .idempotent))
        #expect(!policy.shouldRetry(Self.server("NOT_FOUND"), attempt: 1, kind: .idempotent))
        #expect(!policy.shouldRetry(Self.server("INVALID_ARGUMENT"), attempt: 1, kind: .idempotent))
        #expect(policy.shouldRetry(.transport(.connectionRefused(url: "u")), attempt: 1, kind: .nonIdempotent), "nothing was sent")
        #expect(!policy.shouldRetry(.transport(.timeout(url: "u")), attempt: 1, kind: .nonIdempotent))
        #expect(policy.shouldRetry(.transport(.timeout(url: "u")), attempt: 1, kind: .idempotent))
        #expect(!policy.shouldRetry(Self.server("UNAVAILABLE"), attempt: 5, kind: .idempotent), "attempts are bounded")
    }

    @Test("backs off exponentially with full jitter, up to the cap")
    func backoff() {
        let policy = RetryPolicy(initialBackoff: .milliseconds(100), maximumBackoff: .seconds(1), multiplier: 2)
        #expect(policy.backoff(afterAttempt: 1, random: 1) == .milliseconds(100))
        #expect(policy.backoff(afterAttempt: 3, random: 1) == .milliseconds(400))
        #expect(policy.backoff(afterAttempt: 10, random: 1) == .seconds(1))
        #expect(policy.backoff(afterAttempt: 3, random: 0.5) == .milliseconds(200))
        #expect(policy.backoff(afterAttempt: 3, random: 0) == .zero)
    }
}
