import CanonRuntime
import Foundation
import Testing

/// The runner's retry logic against a scripted backend: the test is about the runner, so the
/// backend only records calls and answers as scripted (the real one is Firestore's REST API).
@Suite("Transaction runner")
struct TransactionRunnerTests {
    actor ScriptedBackend: TransactionBackend {
        var commitFailures: [FirestoreError]
        var calls: [String] = []
        private var next = 0

        init(commitFailures: [FirestoreError] = []) { self.commitFailures = commitFailures }

        func beginTransaction(retrying previous: String?) async throws -> String {
            next += 1
            calls.append("begin(\(previous ?? "-"))")
            return "tx\(next)"
        }

        func get(name: String, transaction: String) async throws -> FirestoreDocument? {
            calls.append("get(\(transaction))")
            return FirestoreDocument(name: name, fields: ["n": .integer(1)])
        }

        func commit(writes: [Write], transaction: String) async throws {
            calls.append("commit(\(transaction), \(writes.count))")
            if !commitFailures.isEmpty { throw commitFailures.removeFirst() }
        }

        func rollback(transaction: String) async throws {
            calls.append("rollback(\(transaction))")
        }
    }

    static let aborted = FirestoreError.server(.init(code: 409, message: "contention", status: "ABORTED"))
    static let noSleep: @Sendable (Duration) async throws -> Void = { _ in }

    @Test("commits the writes of a successful body once")
    func commits() async throws {
        let backend = ScriptedBackend()
        let result = try await TransactionRunner(backend: backend, sleep: Self.noSleep).run { transaction in
            let document = try await transaction.get("projects/p/databases/(default)/documents/C/d")
            transaction.write(WriteBuilder().delete(name: "projects/p/databases/(default)/documents/C/d"))
            return document?.fields["n"]
        }
        #expect(result == .integer(1))
        #expect(await backend.calls == ["begin(-)", "get(tx1)", "commit(tx1, 1)"])
    }

    @Test("retries aborted commits, passing the aborted transaction")
    func retriesAborted() async throws {
        let backend = ScriptedBackend(commitFailures: [Self.aborted, Self.aborted])
        var runs = 0
        try await TransactionRunner(backend: backend, sleep: Self.noSleep).run { _ in runs += 1 }
        #expect(runs == 3)
        #expect(await backend.calls == ["begin(-)", "commit(tx1, 0)", "begin(tx1)", "commit(tx2, 0)", "begin(tx2)", "commit(tx3, 0)"])
    }

    @Test("gives up after the last attempt")
    func givesUp() async throws {
        let backend = ScriptedBackend(commitFailures: Array(repeating: Self.aborted, count: 5))
        await #expect(throws: TransactionError.tooManyAttempts(5)) {
            try await TransactionRunner(backend: backend, policy: RetryPolicy(maximumAttempts: 5), sleep: Self.noSleep).run { _ in }
        }
        #expect(await backend.calls.filter { $0.hasPrefix("begin") }.count == 5)
        #expect(await backend.calls.last == "rollback(tx5)")
    }

    @Test("rolls back, without retrying, when the body throws")
    func rollsBack() async throws {
        struct Refused: Error {}
        let backend = ScriptedBackend()
        await #expect(throws: Refused.self) {
            try await TransactionRunner(backend: backend, sleep: Self.noSleep).run { _ in throw Refused() }
        }
        #expect(await backend.calls == ["begin(-)", "rollback(tx1)"])
    }

    @Test("refuses a read after a write")
    func readAfterWrite() async throws {
        let backend = ScriptedBackend()
        await #expect(throws: TransactionError.readAfterWrite) {
            try await TransactionRunner(backend: backend, sleep: Self.noSleep).run { transaction in
                transaction.write(WriteBuilder().delete(name: "n"))
                _ = try await transaction.get("n")
            }
        }
        #expect(await backend.calls == ["begin(-)", "rollback(tx1)"])
    }

    @Test("does not retry errors other than ABORTED")
    func otherErrors() async throws {
        let denied = FirestoreError.server(.init(code: 403, message: "no", status: "PERMISSION_DENIED"))
        let backend = ScriptedBackend(commitFailures: [denied])
        await #expect(throws: denied) { try await TransactionRunner(backend: backend, sleep: Self.noSleep).run { _ in } }
        #expect(await backend.calls == ["begin(-)", "commit(tx1, 0)", "rollback(tx1)"])
    }
}
