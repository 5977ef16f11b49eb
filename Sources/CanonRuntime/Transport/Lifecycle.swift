import Synchronization

/// Where a transport or a client is in its life: it serves until shut down, and then refuses new
/// work with a typed error (``TransportError/shutDown(url:)``).
public enum LifecycleState: Sendable, Hashable {
    /// Taking work.
    case running
    /// Refusing new work, finishing what is in flight.
    case shuttingDown
    /// Done: resources released (a transport: nothing in flight).
    case shutDown
}

/// A ``LifecycleState`` that tasks can wait on, shared by the transport and the client.
final class Lifecycle: Sendable {
    private struct Storage {
        var state = LifecycleState.running
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let storage = Mutex(Storage())

    var state: LifecycleState { storage.withLock { $0.state } }

    /// Moves from running to shutting down; false if something else already did.
    func beginShutdown() -> Bool {
        storage.withLock { storage in
            guard storage.state == .running else { return false }
            storage.state = .shuttingDown
            return true
        }
    }

    /// Marks the shutdown done and wakes everyone waiting for it.
    func finishShutdown() {
        let waiters = storage.withLock { storage in
            storage.state = .shutDown
            defer { storage.waiters = [] }
            return storage.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once shut down.
    func waitUntilShutDown() async {
        await withCheckedContinuation { continuation in
            let done = storage.withLock { storage in
                if storage.state == .shutDown { return true }
                storage.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
