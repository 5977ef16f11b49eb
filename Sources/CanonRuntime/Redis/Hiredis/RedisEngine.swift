import CCurlShim
import CHiredis
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Drives every connection of a ``HiredisTransport`` on a thread of its own, with `poll`, as
/// ``CurlTransport``'s engine drives libcurl: hiredis's calls never block a thread of Swift's
/// cooperative pool, and the thread also runs the jobs of tasks that prefer it as their executor.
///
/// Calls go to the ready connection carrying the fewest; calls that arrive together are written
/// together, so concurrent callers share a connection's pipeline. A connection that fails is
/// freed (its calls in flight fail with ``RedisError/connectionBroken(endpoint:reason:)``) and
/// replaced, with backoff while the server does not answer; every new connection gets keep-alive,
/// `AUTH` and `SELECT` again.
final class RedisEngine: TaskExecutor, DedicatedThread, @unchecked Sendable {
    private let redis: RedisConfiguration
    private let configuration: HiredisTransport.Configuration
    private let endpoint: String
    /// A pipe whose write end wakes the thread from `poll`.
    private let wakeUp: (read: Int32, write: Int32)

    // Guarded by `condition`: what other threads hand to the engine's thread.
    private let condition = NSCondition()
    private var submitted: [RedisCall] = []
    private var cancelled: [RedisCall] = []
    private var connected: [Result<RedisConnection, RedisConnectFailure>] = []
    private var jobs: [UnownedJob] = []
    private var stopping = false
    private var stopped = false
    private var refusing = false
    private var sleeping = false
    private var snapshot = HiredisTransport.Statistics()

    // The engine thread's own state.
    private var connections: [RedisConnection] = []
    private var waiting: [RedisCall] = []
    private var connecting = 0
    private var failures = 0
    private var lastFailure: RedisConnectFailure?
    /// Whether the last failed attempt found no working connection: calls then fail at once
    /// until the next attempt.
    private var serverDown = false
    private var nextAttempt = ContinuousClock.now
    private var stopRequested = false
    /// What `poll` watches; kept to spare an allocation on every turn.
    private var descriptors: [pollfd] = []

    /// What `shutDown` ends; set before the thread starts.
    let lifecycle = Lifecycle()

    init(redis: RedisConfiguration, configuration: HiredisTransport.Configuration) {
        self.redis = redis
        self.configuration = configuration
        endpoint = redis.endpoint.description
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) != 0 { fatalError("cannot make the Redis engine's wake-up pipe: \(String(cString: strerror(errno)))") }
        for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
        wakeUp = (ends[0], ends[1])
        let thread = Thread { [self] in
            canon_name_current_thread("canon.redis")
            run()
        }
        thread.start()
    }

    /// Hands something to the thread and wakes it if it sleeps in `poll`.
    private func notify(_ change: () -> Void) {
        condition.lock()
        change()
        if sleeping && !stopped {
            var one: UInt8 = 1
            _ = write(wakeUp.write, &one, 1)
            sleeping = false
        }
        condition.unlock()
    }

    func submit(_ call: RedisCall) {
        var accepted = true
        notify { if refusing { accepted = false } else { submitted.append(call) } }
        if !accepted { call.finish(.failure(RedisError.shutDown)) }
    }

    func cancel(_ call: RedisCall) {
        notify {
            call.cancelRequested = true
            cancelled.append(call)
        }
    }

    /// Refuses new calls; the thread serves those it has, then closes every connection and stops.
    func shutDown() {
        notify {
            refusing = true
            stopping = true
        }
    }

    /// Connections and calls, as the thread last counted them.
    var statistics: HiredisTransport.Statistics { condition.withLock { snapshot } }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        var accepted = true
        notify { if stopped { accepted = false } else { jobs.append(job) } }
        if !accepted { globalConcurrentExecutor.enqueue(ExecutorJob(job)) }
    }

    // MARK: The thread

    private func run() {
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            let runnable = jobs
            jobs.removeAll()
            condition.unlock()
            for job in runnable { job.runSynchronously(on: executor) }

            condition.lock()
            // A call cancelled before it got here is ended now, whenever its cancel came.
            let incoming = submitted.filter { !$0.cancelRequested }
            let refused = submitted.filter(\.cancelRequested)
            let toCancel = cancelled
            let arrived = connected
            if stopping { stopRequested = true }
            stopping = false
            submitted.removeAll()
            cancelled.removeAll()
            connected.removeAll()
            condition.unlock()

            let now = ContinuousClock.now
            for result in arrived { adopt(result, now: now) }
            for call in refused { call.finish(.failure(CancellationError())) }
            for call in toCancel { cancelCall(call) }
            admit(incoming)
            assignWaiting()
            maintain(now: now)
            publishStatistics()
            if stopRequested && waiting.isEmpty && connections.allSatisfy({ $0.calls.isEmpty }) && connecting == 0 { break }
            wait(until: nextDeadline(now: now))
            let after = ContinuousClock.now
            expire(now: after)
        }
        // The loop ends only with no call in flight; were one left, it may have run.
        for connection in connections { connection.calls.forEach { $0.finish(.failure(RedisError.connectionBroken(endpoint: endpoint, reason: "shut down"))) } }
        connections.removeAll()
        condition.lock()
        stopped = true
        snapshot = HiredisTransport.Statistics()
        let leftover = jobs
        jobs.removeAll()
        condition.unlock()
        // Tasks that still prefer this executor carry on on the global one.
        for job in leftover { globalConcurrentExecutor.enqueue(ExecutorJob(job)) }
        close(wakeUp.read)
        close(wakeUp.write)
        lifecycle.finishShutdown()
    }

    /// Sleeps in `poll` until a socket is ready, something is handed over, or `deadline`; then
    /// reads and writes what the sockets allow.
    private func wait(until deadline: ContinuousClock.Instant?) {
        descriptors.removeAll(keepingCapacity: true)
        descriptors.append(pollfd(fd: wakeUp.read, events: Int16(POLLIN), revents: 0))
        for connection in connections {
            var events = Int16(POLLIN)
            if connection.wantsWrite || connection.state == .connecting { events |= Int16(POLLOUT) }
            descriptors.append(pollfd(fd: connection.fileDescriptor, events: events, revents: 0))
        }
        var milliseconds: Int32 = 1_000
        if let deadline {
            let left = deadline - .now
            milliseconds = left <= .zero ? 0 : Int32(min(1_000, (left / .milliseconds(1)).rounded(.up)))
        }
        condition.lock()
        let idle = submitted.isEmpty && cancelled.isEmpty && connected.isEmpty && jobs.isEmpty && !stopping
        sleeping = idle
        condition.unlock()
        // With work handed over, only look at what the sockets have now.
        _ = poll(&descriptors, nfds_t(descriptors.count), idle ? milliseconds : 0)
        condition.lock()
        sleeping = false
        condition.unlock()
        if descriptors[0].revents != 0 {
            var drained = [UInt8](repeating: 0, count: 64)
            while read(wakeUp.read, &drained, drained.count) > 0 {}
        }
        // Connections are only added by `adopt`, so the indexes still match.
        let polled = connections
        for (offset, connection) in polled.enumerated() {
            let events = descriptors[offset + 1].revents
            guard events != 0, !connection.closed else { continue }
            service(connection, events: events)
        }
    }

    private func service(_ connection: RedisConnection, events: Int16) {
        if connection.state == .connecting {
            guard events & Int16(POLLOUT | POLLERR | POLLHUP) != 0 else { return }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(connection.fileDescriptor, SOL_SOCKET, SO_ERROR, &error, &length)
            guard error == 0 else { return fail(connection, .unreachable(String(cString: strerror(error)))) }
            handshake(connection)
            return
        }
        if events & Int16(POLLIN | POLLERR | POLLHUP) != 0 {
            switch connection.read({ owner, result in deliver(result, to: owner, on: connection) }) {
            case nil: break
            case .broken(let reason)?: return broken(connection, reason: reason)
            case .invalid(let detail)?: return broken(connection, reason: detail, error: .protocolViolation(detail))
            }
        }
        if connection.wantsWrite && !connection.closed && !connection.flush() {
            broken(connection, reason: connection.errorText)
        }
    }

    // MARK: Connections

    /// Starts a connection on another thread: hiredis resolves the host name there, blocking.
    private func openConnection() {
        connecting += 1
        let redis = redis
        // The connect timeout counts from here, name resolution included.
        let deadline = ContinuousClock.now + redis.connectTimeout
        Thread.detachNewThread { [self] in
            let context: UnsafeMutablePointer<redisContext>?
            switch redis.endpoint {
            case .tcp(let host, let port): context = redisConnectNonBlock(host, Int32(port))
            case .unixSocket(let path): context = redisConnectUnixNonBlock(path)
            }
            let result: Result<RedisConnection, RedisConnectFailure>
            if let context, context.pointee.err == 0 {
                var isTCP = false
                if case .tcp = redis.endpoint { isTCP = true }
                result = .success(RedisConnection(context: context, isTCP: isTCP, deadline: deadline))
            } else {
                let reason = context.map { RedisConnection.errorText(of: $0) } ?? "out of memory"
                if let context { redisFree(context) }
                result = .failure(.unreachable(reason))
            }
            // Once the engine stopped, the connection is dropped here, which closes it.
            notify { if !stopped { connected.append(result) } }
        }
    }

    private func adopt(_ result: Result<RedisConnection, RedisConnectFailure>, now: ContinuousClock.Instant) {
        connecting -= 1
        switch result {
        case .success(let connection): connections.append(connection)
        case .failure(let failure): recordFailure(failure, now: now)
        }
    }

    /// Keep-alive, then `AUTH` and `SELECT`, then a `PING` whose answer makes the connection
    /// ready: a server that accepts the socket and then refuses (too many clients, protected
    /// mode) fails the attempt, with backoff, before any call is sent on it.
    private func handshake(_ connection: RedisConnection) {
        if connection.isTCP && redisEnableKeepAlive(connection.context) != REDIS_OK {
            return fail(connection, .unreachable("cannot enable keep-alive: \(connection.errorText)"))
        }
        connection.state = .handshaking
        if let password = redis.password {
            let command = redis.username.map { RedisCommand("AUTH", $0, password) } ?? RedisCommand("AUTH", password)
            guard connection.append(command, for: .authentication) else { return fail(connection, .unreachable("out of memory")) }
        }
        if redis.database != 0 {
            guard connection.append(RedisCommand("SELECT", redis.database), for: .selection) else { return fail(connection, .unreachable("out of memory")) }
        }
        guard connection.append(RedisCommand("PING"), for: .readiness) else { return fail(connection, .unreachable("out of memory")) }
        if !connection.flush() { fail(connection, .unreachable(connection.errorText)) }
    }

    private func ready(_ connection: RedisConnection) {
        connection.state = .ready
        connection.deadline = nil
        connection.lastActivity = .now
        connection.lastUsed = .now
        failures = 0
        lastFailure = nil
        serverDown = false
        assignWaiting()
    }

    /// Connections on their way: made, or connected and not ready yet.
    private var opening: Int { connecting + connections.count { $0.state != .ready } }

    /// A connection that never became ready: closed, and the next attempt waits.
    private func fail(_ connection: RedisConnection, _ failure: RedisConnectFailure) {
        guard !connection.closed else { return }
        remove(connection)
        recordFailure(failure, now: .now)
    }

    private func recordFailure(_ failure: RedisConnectFailure, now: ContinuousClock.Instant) {
        lastFailure = failure
        failures += 1
        // Calls fail fast only when no connection works: a failed attempt to grow the pool
        // says nothing about the connections already up.
        serverDown = !connections.contains { $0.state == .ready }
        // Exponential backoff with jitter in its upper half, so restarts do not synchronize.
        let initial = configuration.reconnectBackoff.initial / .milliseconds(1)
        let maximum = configuration.reconnectBackoff.maximum / .milliseconds(1)
        let backoff = min(maximum, initial * pow(2, Double(min(failures - 1, 20))))
        nextAttempt = now + .milliseconds(Int64(backoff * Double.random(in: 0.5...1)))
        // Waiting calls hear now, rather than at their acquire timeout, if nothing else is coming.
        if opening == 0 && !connections.contains(where: { $0.state == .ready }) {
            for call in waiting { call.finish(.failure(RedisError.unavailable(endpoint: endpoint, reason: failure))) }
            waiting.removeAll()
        }
    }

    /// A connection that failed: its calls in flight fail (with `error`, by default a broken
    /// connection), and it is gone. Ready connections are replaced at once; one that broke before
    /// it was ready counts as a failed attempt, with backoff.
    private func broken(_ connection: RedisConnection, reason: String, error: RedisError? = nil) {
        guard !connection.closed else { return }
        let wasReady = connection.state == .ready
        let failure = error ?? RedisError.connectionBroken(endpoint: endpoint, reason: reason)
        for call in connection.calls { call.finish(.failure(failure)) }
        remove(connection)
        if !wasReady { recordFailure(.unreachable(reason), now: .now) }
    }

    private func remove(_ connection: RedisConnection) {
        connection.closed = true
        connection.calls.removeAll()
        _ = connection.takePending()
        connections.removeAll { $0 === connection }
    }

    private func deliver(_ result: Result<RedisReply, RedisError>, to owner: RedisConnection.Pending, on connection: RedisConnection) {
        switch owner {
        case .call(let call, let index):
            if index == call.commands.count - 1 {
                connection.calls.removeAll { $0 === call }
                connection.lastUsed = .now
            }
            _ = call.receive(Self.naming(result, call.commands[index]), at: index)
        case .authentication, .selection, .readiness:
            if case .failure(let error) = result { return fail(connection, Self.handshakeFailure(Self.reason(error), at: owner)) }
            if case .readiness = owner { ready(connection) }
        case .healthCheck:
            connection.deadline = nil
            if case .failure(let error) = result { broken(connection, reason: "health check: \(Self.reason(error))") }
        }
    }

    /// Why a handshake step's error reply failed the attempt. The first error answers whichever
    /// step was first in line, so the reply's code decides before the step does.
    private static func handshakeFailure(_ reason: String, at step: RedisConnection.Pending) -> RedisConnectFailure {
        if reason.hasPrefix("NOAUTH") || reason.hasPrefix("WRONGPASS") { return .authenticationFailed(reason) }
        if reason.hasPrefix("DENIED") || reason.contains("max number of clients") { return .refused(reason) }
        switch step {
        case .authentication: return .authenticationFailed(reason)
        case .selection: return .databaseRefused(reason)
        default: return .refused(reason)
        }
    }

    /// A command's error reply, naming the command (whether it may have run depends on it).
    private static func naming(_ result: Result<RedisReply, RedisError>, _ command: RedisCommand) -> Result<RedisReply, RedisError> {
        guard case .failure(.server(var error)) = result else { return result }
        error.command = command.name
        return .failure(.server(error))
    }

    private static func reason(_ error: RedisError) -> String {
        if case .server(let server) = error { return server.message }
        return error.description
    }

    // MARK: Calls

    /// New calls wait for a connection, or fail at once while the server is known to be down.
    private func admit(_ calls: [RedisCall]) {
        guard !calls.isEmpty else { return }
        if let lastFailure, serverDown, opening == 0, !connections.contains(where: { $0.state == .ready }), ContinuousClock.now < nextAttempt {
            for call in calls { call.finish(.failure(RedisError.unavailable(endpoint: endpoint, reason: lastFailure))) }
            return
        }
        waiting += calls
    }

    /// Sends waiting calls, in order, on the ready connections carrying the fewest calls.
    private func assignWaiting() {
        guard !waiting.isEmpty else { return }
        var sent = 0
        var touched: [RedisConnection] = []
        for call in waiting {
            guard let connection = leastBusyReadyConnection(), connection.calls.count < configuration.maximumCallsPerConnection else { break }
            sent += 1
            var appended = true
            for (index, command) in call.commands.enumerated() where appended {
                appended = connection.append(command, for: .call(call, index: index))
            }
            connection.calls.append(call)
            call.deadline = .now + call.timeout
            guard appended else {
                broken(connection, reason: "hiredis could not buffer the command (out of memory)")
                continue
            }
            if !touched.contains(where: { $0 === connection }) { touched.append(connection) }
        }
        waiting.removeFirst(sent)
        for connection in touched where connections.contains(where: { $0 === connection }) && !connection.flush() {
            broken(connection, reason: connection.errorText)
        }
    }

    /// The ready connection carrying the fewest calls (found without allocating: this runs for
    /// every call).
    private func leastBusyReadyConnection() -> RedisConnection? {
        var best: RedisConnection?
        for connection in connections where connection.state == .ready {
            if best == nil || connection.calls.count < best!.calls.count { best = connection }
        }
        return best
    }

    /// Ends a cancelled call the engine holds. One not handed over yet is ended when it is
    /// (`refused`), so it is left alone here: ending it now would end it before its caller waits.
    private func cancelCall(_ call: RedisCall) {
        if let index = waiting.firstIndex(where: { $0 === call }) {
            waiting.remove(at: index)
            call.finish(.failure(CancellationError()))
        } else if call.deadline != nil {
            // In flight: answered anyway, and its replies are dropped when they come.
            call.finish(.failure(CancellationError()))
        }
    }

    /// Opens connections the pool needs, checks idle ones, and closes those idle too long.
    private func maintain(now: ContinuousClock.Instant) {
        if !stopRequested && now >= nextAttempt && opening == 0 {
            var anyReady = false
            var anyRoomy = false
            for connection in connections where connection.state == .ready {
                anyReady = true
                // One call in flight is a lone caller's turn, not load: grow from two.
                if connection.calls.count < 2 { anyRoomy = true }
            }
            let busy = !waiting.isEmpty || !anyRoomy
            if connections.count < configuration.minimumConnections
                || (busy && connections.count < configuration.maximumConnections && (!waiting.isEmpty || anyReady)) {
                openConnection()
            }
        }
        for connection in connections where connection.state == .ready && connection.calls.isEmpty && !connection.hasPending {
            // Unused (no call since `lastUsed`) closes connections above the minimum; quiet (no
            // traffic, health checks included, since `lastActivity`) calls for a health check.
            if stopRequested || (now - connection.lastUsed > configuration.maximumIdleTime && readyCount > configuration.minimumConnections) {
                remove(connection)
            } else if now - connection.lastActivity > configuration.healthCheckInterval {
                guard connection.append(RedisCommand("PING"), for: .healthCheck) else { broken(connection, reason: "out of memory"); continue }
                connection.deadline = now + redis.commandTimeout
                connection.lastActivity = now
                if !connection.flush() { broken(connection, reason: connection.errorText) }
            }
        }
        if stopRequested && !waiting.isEmpty && !connections.contains(where: { $0.state == .ready }) && opening == 0 {
            for call in waiting { call.finish(.failure(RedisError.shutDown)) }
            waiting.removeAll()
        }
    }

    /// Fails what waited or took too long.
    private func expire(now: ContinuousClock.Instant) {
        if !waiting.isEmpty {
            var still: [RedisCall] = []
            let anyReady = connections.contains { $0.state == .ready }
            for call in waiting {
                guard now >= waitDeadline(call, anyReady: anyReady) else { still.append(call); continue }
                if anyReady {
                    call.finish(.failure(RedisError.poolExhausted(waited: configuration.acquireTimeout)))
                } else {
                    call.finish(.failure(RedisError.unavailable(endpoint: endpoint, reason: lastFailure ?? .connecting)))
                }
            }
            waiting = still
        }
        for connection in connections where !connection.closed {
            if let deadline = connection.deadline, now >= deadline {
                switch connection.state {
                case .connecting, .handshaking: fail(connection, .timedOut(after: redis.connectTimeout))
                case .ready: broken(connection, reason: "no reply to a health check within \(redis.commandTimeout)")
                }
                continue
            }
            if let late = connection.calls.first(where: { ($0.deadline ?? now) < now }) {
                late.finish(.failure(RedisError.replyTimedOut(command: late.commands.count == 1 ? late.commands[0].name : "PIPELINE", after: late.timeout)))
                broken(connection, reason: "closed after a reply timed out")
            }
        }
    }

    private func nextDeadline(now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        var next: ContinuousClock.Instant?
        func consider(_ instant: ContinuousClock.Instant?) {
            guard let instant else { return }
            if next == nil || instant < next! { next = instant }
        }
        let anyReady = connections.contains { $0.state == .ready }
        for call in waiting { consider(waitDeadline(call, anyReady: anyReady)) }
        for connection in connections {
            consider(connection.deadline)
            for call in connection.calls { consider(call.deadline) }
            // As `maintain` sees them: a connection with a reply on the way is not idle.
            if connection.state == .ready && connection.calls.isEmpty && !connection.hasPending {
                consider(connection.lastActivity + configuration.healthCheckInterval)
                if readyCount > configuration.minimumConnections { consider(connection.lastUsed + configuration.maximumIdleTime) }
            }
        }
        // Only an attempt `maintain` will make: a past instant here would make `poll` spin.
        if !stopRequested && opening == 0 && nextAttempt > now && connections.count < configuration.maximumConnections
            && (connections.count < configuration.minimumConnections || !waiting.isEmpty) {
            consider(nextAttempt)
        }
        return next
    }

    /// When a waiting call gives up: after the acquire timeout, or while no connection is ready
    /// yet (the first, or one replacing a broken one), once the next attempt had as long as
    /// connecting may take.
    private func waitDeadline(_ call: RedisCall, anyReady: Bool) -> ContinuousClock.Instant {
        if anyReady { return call.submitted + configuration.acquireTimeout }
        return max(call.submitted + configuration.acquireTimeout, max(call.submitted, nextAttempt) + redis.connectTimeout)
    }

    /// Ready connections: what the minimum counts.
    private var readyCount: Int { connections.count { $0.state == .ready } }

    private func publishStatistics() {
        var counts = HiredisTransport.Statistics()
        for connection in connections {
            counts.open += 1
            if connection.state == .ready && !connection.calls.isEmpty { counts.inUse += 1 }
            counts.callsInFlight += connection.calls.count
        }
        counts.opening = connecting
        counts.callsWaiting = waiting.count
        counts.lastConnectFailure = lastFailure
        condition.lock()
        snapshot = counts
        condition.unlock()
    }
}

extension RedisConnection {
    static func errorText(of context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
