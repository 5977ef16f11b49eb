import Logging
import Metrics
import Synchronization

/// Stops calling a dependency that is failing, so callers fail at once instead of waiting on
/// it, and the dependency gets room to recover.
///
/// - **Closed**: calls go through. When, over the last `window` (counted in tenths of it, so up
///   to a tenth more), at least `minimumCalls` calls ended and at least `failureRateThreshold` of
///   them failed, it opens.
/// - **Open**: calls are refused at once (``CircuitOpenError``) for `openDuration`; then it is
///   half-open.
/// - **Half-open**: up to `trialCalls` calls go through, the rest are refused. If each trial
///   succeeds, it closes; the first that fails opens it again.
///
/// What counts as a failure is the middleware's rule (``FirestoreCircuitBreakerMiddleware``,
/// ``RedisCircuitBreakerMiddleware``): a dependency that answered, even with an error about
/// the request (not found, a failed precondition), was reachable, and that counts as a success.
/// A cancelled call counts as nothing, and neither does a call that started before the last
/// change of state: its result describes the dependency as it was.
///
/// State changes are logged (`warning` on opening, `info` on closing) and counted
/// (`canon.circuit_breaker.transitions`); refused calls are counted too
/// (`canon.circuit_breaker.rejections`).
public final class CircuitBreaker: Sendable {
    /// When a breaker opens and how it recovers.
    public struct Configuration: Sendable, Hashable {
        /// The share of failed calls, from 0 to 1, at which it opens.
        public var failureRateThreshold: Double
        /// How far back calls count.
        public var window: Duration
        /// How many calls must have ended in the window before it may open.
        public var minimumCalls: Int
        /// How long it stays open before trying again.
        public var openDuration: Duration
        /// How many trial calls it lets through when half-open; all must succeed for it to close.
        public var trialCalls: Int

        /// Creates a configuration: by default it opens when half of at least 20 calls in 10
        /// seconds failed, stays open 5 seconds, and closes after 3 successful trials.
        public init(failureRateThreshold: Double = 0.5, window: Duration = .seconds(10), minimumCalls: Int = 20,
                    openDuration: Duration = .seconds(5), trialCalls: Int = 3) {
            self.failureRateThreshold = failureRateThreshold
            self.window = window
            self.minimumCalls = minimumCalls
            self.openDuration = openDuration
            self.trialCalls = trialCalls
        }
    }

    /// Where a breaker is.
    public enum State: String, Sendable, Hashable, Codable {
        /// Calls go through.
        case closed
        /// Calls are refused.
        case open
        /// A few trial calls go through.
        case halfOpen = "half_open"
    }

    /// A breaker's state and counts, for health reports.
    public struct Snapshot: Sendable, Hashable {
        /// The breaker's name.
        public var name: String
        /// Where it is.
        public var state: State
        /// Calls that ended in the window (closed only; zero otherwise).
        public var calls: Int
        /// Of those, the failed ones.
        public var failures: Int
        /// Calls refused since the breaker was made.
        public var rejections: Int
        /// While open, how long until it lets trial calls through.
        public var retryAfter: Duration?
    }

    /// How a call ended, for the breaker.
    public enum Outcome: Sendable, Hashable {
        /// The dependency answered.
        case success
        /// The dependency failed or did not answer.
        case failure
        /// Says nothing about the dependency (the call was cancelled, or refused before it left).
        case ignored
    }

    /// Leave to make one call: the state it was given in, which decides whether its result counts.
    public struct Permit: Sendable {
        fileprivate let generation: Int
        fileprivate let trial: Bool
    }

    private struct Bucket {
        var start: ContinuousClock.Instant
        var calls = 0
        var failures = 0
    }

    private struct Storage {
        var state = State.closed
        /// Incremented on every change of state; permits of an older one count for nothing.
        var generation = 0
        var buckets: [Bucket] = []
        var openUntil: ContinuousClock.Instant?
        var trialsStarted = 0
        var trialsSucceeded = 0
        var rejections = 0
    }

    /// The breaker's name (`firestore`, `redis`), in logs, metrics and health reports.
    public let name: String
    /// When it opens and how it recovers.
    public let configuration: Configuration
    private let telemetry: Telemetry
    private let storage = Mutex(Storage())
    private let now: @Sendable () -> ContinuousClock.Instant

    /// Creates a closed breaker.
    public convenience init(name: String, configuration: Configuration = Configuration(), telemetry: Telemetry = Telemetry()) {
        self.init(name: name, configuration: configuration, telemetry: telemetry, now: { .now })
    }

    /// Creates a closed breaker reading time from `now` (tests move it by hand).
    init(name: String, configuration: Configuration, telemetry: Telemetry, now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.name = name
        // Values that would stall it (no trial could close it, a window that keeps nothing) or
        // open it on successes are brought into range: a window of at least 10 ms, a threshold
        // above 0, one call and one trial at least. CanonConfiguration reports the out-of-range
        // ones as errors before they get here, and its window must be at least 10 ms too.
        var configuration = configuration
        configuration.trialCalls = max(1, configuration.trialCalls)
        configuration.minimumCalls = max(1, configuration.minimumCalls)
        configuration.failureRateThreshold = configuration.failureRateThreshold.isNaN ? 1 : min(1, max(.ulpOfOne, configuration.failureRateThreshold))
        configuration.window = max(.milliseconds(10), configuration.window)
        self.configuration = configuration
        self.telemetry = telemetry
        self.now = now
    }

    /// Where the breaker is now.
    public var state: State { snapshot.state }

    /// The breaker's state and counts now.
    public var snapshot: Snapshot {
        let now = now()
        return storage.withLock { storage in
            let window = storage.state == .closed ? counts(&storage, now: now) : (calls: 0, failures: 0)
            // Open past its duration, it admits trials at the next call: it is half-open already.
            let elapsed = storage.state == .open && storage.openUntil.map { now >= $0 } == true
            return Snapshot(name: name, state: elapsed ? .halfOpen : storage.state, calls: window.calls, failures: window.failures,
                            rejections: storage.rejections, retryAfter: elapsed ? nil : storage.openUntil.map { max(.zero, $0 - now) })
        }
    }

    /// Leave for one call, or ``CircuitOpenError`` when the breaker refuses it. Give the permit
    /// back with ``record(_:_:)`` once the call has ended, whatever happened.
    public func acquire() throws(CircuitOpenError) -> Permit {
        let now = now()
        var change: State?
        let permit: Result<Permit, CircuitOpenError> = storage.withLock { storage in
            if storage.state == .open, let until = storage.openUntil, now >= until {
                transition(&storage, to: .halfOpen, now: now)
                change = .halfOpen
            }
            switch storage.state {
            case .closed:
                return .success(Permit(generation: storage.generation, trial: false))
            case .halfOpen where storage.trialsStarted < configuration.trialCalls:
                storage.trialsStarted += 1
                return .success(Permit(generation: storage.generation, trial: true))
            case .halfOpen, .open:
                storage.rejections += 1
                let retryAfter = storage.openUntil.map { max(.zero, $0 - now) } ?? .zero
                return .failure(CircuitOpenError(breaker: name, retryAfter: retryAfter))
            }
        }
        if let change { announce(change) }
        if case .failure = permit {
            Counter(label: TelemetryNames.breakerRejections, dimensions: [(TelemetryNames.breakerName, name)],
                    factory: telemetry.metrics).increment()
        }
        return try permit.get()
    }

    /// Records how the call made under `permit` ended.
    public func record(_ permit: Permit, _ outcome: Outcome) {
        let now = now()
        let change: State? = storage.withLock { storage in
            guard permit.generation == storage.generation else { return nil }
            if permit.trial {
                switch outcome {
                case .ignored:
                    storage.trialsStarted -= 1
                    return nil
                case .failure:
                    transition(&storage, to: .open, now: now)
                    return .open
                case .success:
                    storage.trialsSucceeded += 1
                    guard storage.trialsSucceeded >= configuration.trialCalls else { return nil }
                    transition(&storage, to: .closed, now: now)
                    return .closed
                }
            }
            guard outcome != .ignored else { return nil }
            let start = now - configuration.window / 10
            if storage.buckets.last.map({ $0.start <= start }) ?? true { storage.buckets.append(Bucket(start: now)) }
            storage.buckets[storage.buckets.count - 1].calls += 1
            if outcome == .failure { storage.buckets[storage.buckets.count - 1].failures += 1 }
            let (calls, failures) = counts(&storage, now: now)
            guard calls >= configuration.minimumCalls,
                  Double(failures) >= configuration.failureRateThreshold * Double(calls) else { return nil }
            transition(&storage, to: .open, now: now)
            return .open
        }
        if let change { announce(change) }
    }

    /// Calls and failures in the window, dropping buckets that ended before it: what counts is
    /// the last window, and up to a tenth of it more (buckets are a tenth of the window).
    private func counts(_ storage: inout Storage, now: ContinuousClock.Instant) -> (calls: Int, failures: Int) {
        let horizon = now - configuration.window - configuration.window / 10
        storage.buckets.removeAll { $0.start <= horizon }
        return storage.buckets.reduce(into: (0, 0)) { $0.0 += $1.calls; $0.1 += $1.failures }
    }

    private func transition(_ storage: inout Storage, to state: State, now: ContinuousClock.Instant) {
        storage.state = state
        storage.generation += 1
        storage.buckets = []
        storage.trialsStarted = 0
        storage.trialsSucceeded = 0
        storage.openUntil = state == .open ? now + configuration.openDuration : nil
    }

    /// Logs and counts a change of state (outside the lock: handlers may be slow).
    private func announce(_ state: State) {
        var metadata: Logger.Metadata = [TelemetryNames.logBreaker: .string(name), TelemetryNames.breakerState: .string(state.rawValue)]
        if let requestID = PersistenceContext.current.requestID { metadata[TelemetryNames.logRequestID] = .string(requestID) }
        switch state {
        case .open: telemetry.logger.warning("circuit breaker opened: calls are refused for \(configuration.openDuration)", metadata: metadata)
        case .halfOpen: telemetry.logger.info("circuit breaker half-open: trying \(configuration.trialCalls) calls", metadata: metadata)
        case .closed: telemetry.logger.info("circuit breaker closed", metadata: metadata)
        }
        Counter(label: TelemetryNames.breakerTransitions,
                dimensions: [(TelemetryNames.breakerName, name), (TelemetryNames.breakerState, state.rawValue)],
                factory: telemetry.metrics).increment()
    }
}
