import Synchronization

/// Keys whose invalidation could not reach the cache, kept until a retry lands.
///
/// While a key is pending, this process reads it from the database. A key needs to stay only
/// as long as an entry from before its write can live: its time to live plus the load bound
/// (a fill whose lease survived the lost invalidation). After that it is dropped. Past
/// `capacity` keys, every read bypasses the cache for that long instead.
final class PendingInvalidations: Sendable {
    private struct State {
        var keys: [String: ContinuousClock.Instant] = [:]
        var bypassAllUntil: ContinuousClock.Instant?
        var lastAttempt: ContinuousClock.Instant?
    }

    /// How long a key stays pending at most.
    let lifetime: Duration
    let capacity: Int
    /// The shortest time between retries.
    let retryInterval: Duration = .milliseconds(100)
    private let state = Mutex(State())

    init(lifetime: Duration, capacity: Int = 100_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// Remembers keys whose invalidation failed.
    func add(_ keys: [String]) {
        let now = ContinuousClock.now
        state.withLock { state in
            for key in keys { state.keys[key] = now }
            if state.keys.count > capacity {
                state.keys = [:]
                state.bypassAllUntil = now + lifetime
            }
        }
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

    /// The keys to retry, if any and if the last retry was long enough ago.
    func due() -> [String] {
        let now = ContinuousClock.now
        return state.withLock { state in
            state.keys = state.keys.filter { now - $0.value <= lifetime }
            guard !state.keys.isEmpty else { return [] }
            if let last = state.lastAttempt, now - last < retryInterval { return [] }
            state.lastAttempt = now
            return Array(state.keys.keys)
        }
    }

    /// Forgets keys a retry invalidated (unless they failed again since `attempt`).
    func cleared(_ keys: [String], at attempt: ContinuousClock.Instant) {
        state.withLock { state in
            for key in keys where (state.keys[key].map { $0 <= attempt } ?? false) { state.keys[key] = nil }
        }
    }

    var isEmpty: Bool { state.withLock { $0.keys.isEmpty && $0.bypassAllUntil == nil } }
}
