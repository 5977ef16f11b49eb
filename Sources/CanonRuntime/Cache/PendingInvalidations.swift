import Synchronization

/// Keys whose invalidation could not reach the cache, retried in the background until it lands.
///
/// While a key is pending, this process reads it from the database. A key needs retrying only
/// as long as an entry from before its write can live: its time to live plus the load bound (a
/// fill whose lease survived the lost invalidation). After that it is dropped, retried or not.
/// Past `capacity` keys, all are dropped and every read bypasses the cache for that long.
final class PendingInvalidations: Sendable {
    private struct State {
        var keys: [String: ContinuousClock.Instant] = [:]
        var bypassAllUntil: ContinuousClock.Instant?
        var retrying = false
    }

    /// How long a key stays pending at most.
    let lifetime: Duration
    let capacity: Int
    /// Removes keys from the cache.
    private let delete: @Sendable ([String]) async throws -> Void
    /// Told of each failed retry.
    private let failed: @Sendable () -> Void
    private let state = Mutex(State())

    init(lifetime: Duration, capacity: Int = 100_000, delete: @escaping @Sendable ([String]) async throws -> Void,
         failed: @escaping @Sendable () -> Void) {
        self.lifetime = lifetime
        self.capacity = capacity
        self.delete = delete
        self.failed = failed
    }

    /// Remembers keys whose invalidation failed, and retries them from a background task
    /// (one at a time per cache, ending when none is left).
    func add(_ keys: [String]) {
        let now = ContinuousClock.now
        let start = state.withLock { state in
            for key in keys { state.keys[key] = now }
            if state.keys.count > capacity {
                state.keys = [:]
                state.bypassAllUntil = now + lifetime
            }
            defer { state.retrying = true }
            return !state.retrying
        }
        if start { Task { await retry() } }
    }

    /// Whether reads of `key` must bypass the cache now.
    func blocks(_ key: String) -> Bool {
        let now = ContinuousClock.now
        return state.withLock { state in
            if let until = state.bypassAllUntil {
                if until > now { return true }
                state.bypassAllUntil = nil
            }
            guard let since = state.keys[key] else { return false }
            if now - since > lifetime {
                state.keys[key] = nil
                return false
            }
            return true
        }
    }

    /// Forgets keys an invalidation removed (unless they failed again since `attempt`).
    func cleared(_ keys: [String], at attempt: ContinuousClock.Instant) {
        state.withLock { state in
            for key in keys where (state.keys[key].map { $0 <= attempt } ?? false) { state.keys[key] = nil }
        }
    }

    var isEmpty: Bool { state.withLock { $0.keys.isEmpty && $0.bypassAllUntil == nil } }

    /// Retries with backoff (50 ms doubling to 1 s) until no key is left; bounded by `lifetime`.
    private func retry() async {
        var pause = Duration.milliseconds(50)
        while true {
            try? await Task.sleep(for: pause)
            let now = ContinuousClock.now
            let keys = state.withLock { state -> [String] in
                state.keys = state.keys.filter { now - $0.value <= lifetime }
                if state.keys.isEmpty { state.retrying = false }
                return Array(state.keys.keys)
            }
            guard !keys.isEmpty else { return }
            do {
                // A thousand keys a command, so a long outage does not make one huge DEL.
                for start in stride(from: 0, to: keys.count, by: 1_000) {
                    let chunk = Array(keys[start..<min(start + 1_000, keys.count)])
                    try await delete(chunk)
                    cleared(chunk, at: now)
                }
                pause = .milliseconds(50)
            } catch RedisError.shutDown {
                // The cache's client was shut down: no retry can land any more.
                state.withLock { $0.retrying = false }
                return
            } catch {
                failed()
                pause = min(pause * 2, .seconds(1))
            }
        }
    }
}
