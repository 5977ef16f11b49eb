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

// What the clients and the transports do with their lifecycle, in one place.
extension Lifecycle {
    /// Shuts down once: the first caller runs `work` and marks the end; every other caller
    /// waits for that end.
    func shutDown(_ work: () async -> Void) async {
        guard beginShutdown() else { return await waitUntilShutDown() }
        await work()
        finishShutdown()
    }

    /// Waits until the task is cancelled or the owner shut down, then runs `shutdown` (which
    /// returns at once if that already happened).
    func run(shutdown: @escaping @Sendable () async -> Void) async {
        await withTaskCancellationHandler {
            await waitUntilShutDown()
        } onCancel: {
            Task { await shutdown() }
        }
        await shutdown()
    }
}

/// A thread that owns a transport's work and marks its lifecycle shut down when it stops:
/// ``CurlTransport``'s and ``HiredisTransport``'s engines.
protocol DedicatedThread: AnyObject, Sendable {
    /// Ended by the thread itself, once it stopped.
    var lifecycle: Lifecycle { get }
    /// Asks the thread to stop: refuse new work, finish what it has.
    func shutDown()
}

extension DedicatedThread {
    /// Asks the thread to stop (once) and waits until it has.
    func shutDownAndWait() async {
        if lifecycle.beginShutdown() { shutDown() }
        await lifecycle.waitUntilShutDown()
    }

    /// Runs until the task is cancelled or the thread stopped; a cancellation stops it.
    func runUntilStopped() async {
        await withTaskCancellationHandler {
            await lifecycle.waitUntilShutDown()
        } onCancel: {
            if lifecycle.beginShutdown() { shutDown() }
        }
    }
}
