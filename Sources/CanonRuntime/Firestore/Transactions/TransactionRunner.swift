/// What a transaction needs from Firestore: begin, read within, commit, roll back. The REST
/// client implements it over `beginTransaction`, `get`, `commit` and `rollback`.
public protocol TransactionBackend: Sendable {
    /// Begins a read-write transaction; `previous` is the aborted transaction being retried.
    func beginTransaction(retrying previous: String?) async throws -> String
    /// Reads a document within the transaction; nil when it does not exist.
    func get(name: String, transaction: String) async throws -> FirestoreDocument?
    /// Commits the writes atomically; throws `ABORTED` when a concurrent write got there first.
    func commit(writes: [Write], transaction: String) async throws
    /// Abandons the transaction.
    func rollback(transaction: String) async throws
    /// Begins a read-only transaction, reading as of `readTime` (now when nil).
    func beginReadOnlyTransaction(readTime: Timestamp?) async throws -> String
    /// Runs a query within the transaction.
    func runQuery(_ query: StructuredQuery, parent: String?, transaction: String) async throws -> [FirestoreDocument]
}

extension TransactionBackend {
    public func beginReadOnlyTransaction(readTime: Timestamp?) async throws -> String {
        throw TransactionError.unsupported("read-only transactions")
    }

    public func runQuery(_ query: StructuredQuery, parent: String?, transaction: String) async throws -> [FirestoreDocument] {
        throw TransactionError.unsupported("queries in transactions")
    }
}

/// One attempt of a transaction: reads first, then writes, which commit together.
public struct Transaction: Sendable {
    /// The transaction's ID.
    public let id: String
    /// The writes so far, committed in order when the body returns.
    public private(set) var writes: [Write] = []
    private let backend: any TransactionBackend

    init(id: String, backend: any TransactionBackend) {
        self.id = id
        self.backend = backend
    }

    /// Reads a document as of the transaction. Reads must come before writes, as Firestore requires.
    public func get(_ name: String) async throws -> FirestoreDocument? {
        guard writes.isEmpty else { throw TransactionError.readAfterWrite }
        return try await backend.get(name: name, transaction: id)
    }

    /// Runs a query as of the transaction; its result is checked again at commit, so a document
    /// that starts or stops matching meanwhile aborts (and retries) the transaction.
    public func query(_ query: StructuredQuery, parent: String? = nil) async throws -> [FirestoreDocument] {
        guard writes.isEmpty else { throw TransactionError.readAfterWrite }
        return try await backend.runQuery(query, parent: parent, transaction: id)
    }

    /// Adds a write to commit with the transaction.
    public mutating func write(_ write: Write) {
        writes.append(write)
    }
}

/// A transaction that could not complete.
public enum TransactionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A read came after a write in the same attempt.
    case readAfterWrite
    /// Every attempt was aborted by concurrent writes.
    case tooManyAttempts(Int)
    /// The backend cannot do this.
    case unsupported(String)

    public var description: String {
        switch self {
        case .readAfterWrite: "a transaction must do all its reads before its writes"
        case .unsupported(let what): "the transaction backend does not support \(what)"
        case .tooManyAttempts(let count): "the transaction was aborted by concurrent writes \(count) times"
        }
    }
}

/// Runs a transaction the way Google's clients do: up to `policy.maximumAttempts` attempts,
/// retrying with backoff when the commit is `ABORTED` (passing the aborted ID as
/// `retryTransaction`), and rolling back, without retrying, when the body throws.
public struct TransactionRunner: Sendable {
    let backend: any TransactionBackend
    let policy: RetryPolicy
    let sleep: @Sendable (Duration) async throws -> Void

    /// Creates a runner.
    public init(backend: any TransactionBackend, policy: RetryPolicy = RetryPolicy(),
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.backend = backend
        self.policy = policy
        self.sleep = sleep
    }

    /// Runs `body` in a transaction and commits what it wrote; returns what it returned.
    public func run<Result: Sendable>(_ body: (inout Transaction) async throws -> Result) async throws -> Result {
        var previous: String?
        let attempts = max(1, policy.maximumAttempts)
        for attempt in 1...attempts {
            let id = try await backend.beginTransaction(retrying: previous)
            var transaction = Transaction(id: id, backend: backend)
            let result: Result
            do {
                result = try await body(&transaction)
            } catch {
                try? await backend.rollback(transaction: id)
                throw error
            }
            do {
                try await backend.commit(writes: transaction.writes, transaction: id)
                return result
            } catch let error as FirestoreError where policy.shouldRetry(error, attempt: attempt, kind: .transactional) {
                previous = id
                try await sleep(policy.backoff(afterAttempt: attempt))
            } catch let error as FirestoreError where error.statusName == "ABORTED" {
                // Aborted on every attempt: say so, rather than pass on the last ABORTED.
                try? await backend.rollback(transaction: id)
                throw TransactionError.tooManyAttempts(attempts)
            } catch {
                try? await backend.rollback(transaction: id)
                throw error
            }
        }
        throw TransactionError.tooManyAttempts(attempts)  // not reached: the last attempt returns or throws
    }

    /// Runs `body` in a read-only transaction: every read sees the database as of one moment
    /// (`readTime`, or when the transaction begins), nothing is locked and nothing is retried.
    public func runReadOnly<Result: Sendable>(readTime: Timestamp? = nil, _ body: (Transaction) async throws -> Result) async throws -> Result {
        let id = try await backend.beginReadOnlyTransaction(readTime: readTime)
        let transaction = Transaction(id: id, backend: backend)
        let result: Result
        do {
            result = try await body(transaction)
        } catch {
            try? await backend.rollback(transaction: id)
            throw error
        }
        // An empty commit ends the transaction on the server.
        try await backend.commit(writes: [], transaction: id)
        return result
    }
}
