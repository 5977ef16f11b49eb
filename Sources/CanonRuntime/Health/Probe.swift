import Synchronization

/// One live check of a component, run so that checks never pile up: callers that arrive while
/// it runs share its answer, each answer comes within the timeout, and while a probe that timed
/// out is still running, no new one starts (the answer says so at once).
final class Probe: Sendable {
    /// What a probe found.
    enum Outcome: Sendable, Hashable {
        /// It answered, in this long.
        case answered(Duration)
        /// It failed, for this reason (never a credential or a key).
        case failed(String)
    }

    private struct State {
        /// The answer callers share while it is coming.
        var shared: Task<Outcome, Never>?
        /// Whether the probe itself still runs (after its answer timed out, it may).
        var running = false
        /// Callers that joined a probe in flight, since the probe was made (for tests).
        var joined = 0
    }

    private let state = Mutex(State())
    private let timeout: Duration
    private let describe: @Sendable (any Error) -> String
    private let body: @Sendable () async throws -> Void

    /// A probe running `body`, answering within `timeout`, describing failures with `describe`.
    init(timeout: Duration, describe: @escaping @Sendable (any Error) -> String, _ body: @escaping @Sendable () async throws -> Void) {
        self.timeout = timeout
        self.describe = describe
        self.body = body
    }

    /// How many callers joined a probe in flight so far.
    var joined: Int { state.withLock { $0.joined } }

    /// Whether no probe runs now.
    var isIdle: Bool { state.withLock { $0.shared == nil && !$0.running } }

    /// Runs the probe, or joins the one running.
    func run() async -> Outcome {
        enum Plan { case join(Task<Outcome, Never>), refuse, start(Task<Outcome, Never>) }
        let plan: Plan = state.withLock { state in
            if let shared = state.shared {
                state.joined += 1
                return .join(shared)
            }
            if state.running { return .refuse }
            state.running = true
            let shared = Task { await self.timed() }
            state.shared = shared
            return .start(shared)
        }
        switch plan {
        case .join(let shared):
            return await shared.value
        case .refuse:
            return .failed("the previous probe has not finished after timing out")
        case .start(let shared):
            let outcome = await shared.value
            state.withLock { $0.shared = nil }
            return outcome
        }
    }

    /// A value several tasks set and read.
    private final class Shared<Value: Sendable>: Sendable {
        let value: Mutex<Value>
        init(_ value: Value) { self.value = Mutex(value) }
    }

    /// The probe's outcome, or a failure once `timeout` passed (the probe is then cancelled).
    private func timed() async -> Outcome {
        let answer = Shared<CheckedContinuation<Outcome, Never>?>(nil)
        let finish: @Sendable (Outcome) -> Void = { outcome in
            answer.value.withLock { continuation in
                continuation?.resume(returning: outcome)
                continuation = nil
            }
        }
        return await withCheckedContinuation { continuation in
            answer.value.withLock { $0 = continuation }
            let start = ContinuousClock.now
            // The probe's task, and whether the timer fired before it was stored (it is then
            // cancelled as it is stored).
            let probe = Shared<(task: Task<Void, Never>?, timedOut: Bool)>((nil, false))
            let timer = Task { [timeout] in
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                finish(.failed("no answer within \(timeout)"))
                probe.value.withLock { probe in
                    probe.timedOut = true
                    probe.task?.cancel()
                }
            }
            let task = Task {
                let outcome: Outcome
                do {
                    try await body()
                    outcome = .answered(.now - start)
                } catch {
                    outcome = .failed(describe(error))
                }
                // Not running before the answer is out: a check that follows it may start anew.
                state.withLock { $0.running = false }
                timer.cancel()
                finish(outcome)
            }
            probe.value.withLock { probe in
                probe.task = task
                if probe.timedOut { task.cancel() }
            }
        }
    }
}
