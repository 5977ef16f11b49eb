import Synchronization

/// The client's writes between their start and the end of their cache invalidation, so that a
/// shutdown can wait for them: a write's transfer ends before its invalidation starts, and the
/// transport's own drain would not wait for that.
final class InFlightWrites: Sendable {
    private struct State {
        var count = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Runs `write` counted.
    func run<Result>(_ write: () async throws -> Result) async throws -> Result {
        state.withLock { $0.count += 1 }
        defer {
            let waiters = state.withLock { state in
                state.count -= 1
                guard state.count == 0 else { return [CheckedContinuation<Void, Never>]() }
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
        return try await write()
    }

    /// Returns once no write is in flight.
    func waitUntilNone() async {
        await withCheckedContinuation { continuation in
            let none = state.withLock { state in
                if state.count == 0 { return true }
                state.waiters.append(continuation)
                return false
            }
            if none { continuation.resume() }
        }
    }
}
