import Synchronization

/// One database read shared by concurrent readers of a key: the first to miss leads, the others
/// follow and wait for its outcome.
///
/// A follower may have arrived after the leader's database read began, so the leader's answer
/// is fresh for it only if nothing changed the document before the follower arrived. The leader
/// closes the load to newcomers before its last step, and tells followers `.fresh` only when
/// that step shows no write came between: its fill found its lease still standing, or the step
/// began after the close (a second look-up of the cache, or the database read itself). Otherwise
/// `.retry`, and they read again.
final class SharedLoad: Sendable {
    /// What followers get.
    enum Outcome: Sendable {
        /// The answer, fresh for every follower.
        case fresh(Result<FirestoreDocument?, any Error>)
        /// Read again: the answer may predate a write, or the leader was cancelled.
        case retry
    }

    private struct State {
        var outcome: Outcome?
        var waiters: [Int: CheckedContinuation<Outcome, any Error>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    /// Waits for the outcome; a cancelled follower stops waiting (the load goes on for others).
    func wait() async throws -> Outcome {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready: Result<Outcome, any Error>? = state.withLock { state in
                    if let outcome = state.outcome { return .success(outcome) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(throwing: CancellationError())
        }
    }

    /// Ends the load; later calls are ignored.
    func finish(_ outcome: Outcome) {
        let waiters = state.withLock { state -> [CheckedContinuation<Outcome, any Error>] in
            guard state.outcome == nil else { return [] }
            state.outcome = outcome
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: outcome) }
    }
}

/// The open ``SharedLoad``s of a cache, by key.
final class SharedLoads: Sendable {
    enum Role {
        case leader(SharedLoad)
        case follower(SharedLoad)
    }

    private let open = Mutex<[String: SharedLoad]>([:])

    /// Joins the open load of `key`, or opens one to lead.
    func join(_ key: String) -> Role {
        open.withLock { open in
            if let load = open[key] { return .follower(load) }
            let load = SharedLoad()
            open[key] = load
            return .leader(load)
        }
    }

    /// Closes `load` to newcomers (the next reader of the key leads a new one).
    func close(_ key: String, _ load: SharedLoad) {
        open.withLock { open in
            if open[key] === load { open[key] = nil }
        }
    }
}
