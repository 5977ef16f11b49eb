import CanonFirestoreServer
@_spi(Generated) import CanonRuntime
import CanonTestSupport
import CanonicalModels
import Foundation
import Synchronization
import Testing

/// A mixed load from many tasks — creates, updates, transactions, cached reads — while the local
/// server answers UNAVAILABLE, RESOURCE_EXHAUSTED and ABORTED, stalls past the client's timeout
/// and drops connections, and while redis-server is killed and restarted. Afterwards every
/// acknowledged write is present exactly once, no write reported failed is present unless it
/// was reported ambiguous (``FirestoreError/mayHaveBeenApplied``), every read returned something
/// written, no cached read was older than the last write acknowledged before it began, and the
/// system serves again by itself. The counts are printed.
@Suite("Faults under load")
struct FaultSuiteTests {
    enum Outcome: Sendable { case acknowledged, failed, ambiguous }

    /// What the load did and saw.
    struct Ledger: Sendable {
        var creates: [String: Outcome] = [:]
        var transactions: [String: Outcome] = [:]
        /// Per user context: the versions written (any outcome), the last acknowledged one.
        var written: [String: Set<Int>] = [:]
        var acknowledged: [String: Int] = [:]
        var operations = 0
        var errors = 0
        var reads = 0
        var violations: [String] = []
        var unexpected: [String] = []
    }

    struct Injected: Sendable {
        var redisKills = 0
        var phases: [String] = []
    }

    /// Counts attempts under the retry middleware, so retries = attempts − calls.
    struct AttemptCounter: HTTPMiddleware {
        let attempts: Count
        func intercept(_ request: HTTPRequest, context: HTTPCallContext,
                       next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
            attempts.add()
            return try await next(request)
        }
    }

    /// A failed write's outcome as the runtime reports it; nil for an error no write should meet.
    static func outcome(of error: any Error) -> Outcome? {
        switch error {
        case let error as FirestoreError: error.mayHaveBeenApplied ? .ambiguous : .failed
        case TransactionError.tooManyAttempts: .failed
        default: nil
        }
    }

    @Test("every acknowledged write survives faults exactly once, failed ones are absent, reads are never stale, and the system recovers")
    func mixedLoad() async throws {
        let redis = try RedisServer()
        let attempts = Count()
        let calls = Count()
        let ledger = Locked(Ledger())
        let injected = Locked(Injected())

        try await LocalServer.with { server in
            let redisClient = RedisClient(configuration: try RedisConfiguration(url: redis.url, connectTimeout: .milliseconds(100),
                                                                                commandTimeout: .milliseconds(100)))
            let cache = FirestoreCache(cache: RedisCache(client: redisClient), collections: CanonSchemaSet.cachedCollections)
            var configuration = try FirestoreConfiguration.fromEnvironment(projectID: server.project, environment: ["FIRESTORE_EMULATOR_HOST": server.server.emulatorHost])
            configuration.requestTimeout = .milliseconds(400)
            configuration.retryPolicy = RetryPolicy(maximumAttempts: 4, initialBackoff: .milliseconds(5), maximumBackoff: .milliseconds(50))
            let breaker = CircuitBreaker(name: "firestore", configuration: .init(failureRateThreshold: 0.9, window: .seconds(1), minimumCalls: 50,
                                                                                 openDuration: .milliseconds(200), trialCalls: 3))
            let counter = AttemptCounter(attempts: attempts)
            let client = FirestoreClient(configuration: configuration, transport: server.transport,
                                         middlewares: [AttemptCounter(attempts: calls), FirestoreRetryMiddleware(policy: configuration.retryPolicy),
                                                       FirestoreCircuitBreakerMiddleware(breaker: breaker), counter],
                                         cache: cache)
            // Whatever happens, the clients are shut down (a client released running is a bug it reports).
            do {
                let sessions = ChatSessionsRepository(client: client)
                let contexts = UserContextsRepository(client: client)
                let transactionPolicy = RetryPolicy(maximumAttempts: 20, initialBackoff: .milliseconds(2), maximumBackoff: .milliseconds(40))

                // The shared documents the transactions change.
                // (Through a client without the short timeout: a loaded machine must not fail the setup.)
                let setup = ChatSessionsRepository(client: try server.client())
                for index in 0..<2 { try await setup.save(ChatSession(id: ChatSession.ID(rawValue: "shared-\(index)"), userId: "tx")) }

                let clock = ContinuousClock()
                // The load runs until a second after the last fault phase ends.
                let loadEnd = Locked<ContinuousClock.Instant?>(nil)
                @Sendable func loading() -> Bool { !Task.isCancelled && (loadEnd.withLock { $0 }.map { clock.now < $0 } ?? true) }
                /// A phase lasts 400 ms, longer (up to 3 s) until the load made 60 calls in it, so that
                /// a busy machine still puts every fault under load.
                @Sendable func hold(since operations: Int) async throws {
                    let phaseStart = clock.now
                    try await Task.sleep(for: .milliseconds(400))
                    while ledger.withLock({ $0.operations }) - operations < 60, clock.now - phaseStart < .seconds(3) {
                        try await Task.sleep(for: .milliseconds(50))
                    }
                }

                @Sendable func record(_ body: @Sendable (inout Ledger) -> Void) { ledger.withLock { body(&$0) } }
                @Sendable func failed(_ error: any Error, _ what: String) -> Outcome {
                    let outcome = Self.outcome(of: error)
                    record {
                        $0.errors += 1
                        if outcome == nil { $0.unexpected.append("\(what): \(error)") }
                    }
                    return outcome ?? .failed
                }

                try await withThrowingTaskGroup(of: Void.self) { group in
                    // Faults: one kind at a time, then a clean last second.
                    group.addTask {
                        let phases: [(String, [Fault])] = [
                            ("UNAVAILABLE", [Fault(method: "commit", action: .fail(.unavailable), probability: 0.3),
                                             Fault(method: "get", action: .fail(.unavailable), probability: 0.3)]),
                            ("RESOURCE_EXHAUSTED", [Fault(action: .fail(.resourceExhausted), probability: 0.25)]),
                            ("ABORTED", [Fault(method: "commit", action: .fail(.aborted), probability: 0.3)]),
                            ("timeouts", [Fault(method: "commit", action: .delay(.milliseconds(900)), probability: 0.15),
                                          Fault(method: "get", action: .delay(.milliseconds(900)), probability: 0.1)]),
                            ("dropped connections", [Fault(method: "commit", action: .drop, probability: 0.2),
                                                     Fault(method: "get", action: .drop, probability: 0.2)]),
                            ("redis killed", []),
                            ("everything", [Fault(method: "commit", action: .fail(.aborted), probability: 0.1),
                                            Fault(method: "commit", action: .drop, probability: 0.1),
                                            Fault(action: .fail(.unavailable), probability: 0.1)]),
                        ]
                        // However the phases end, the load ends a second later.
                    defer { loadEnd.withLock { $0 = $0 ?? clock.now + .seconds(1) } }
                    for (name, faults) in phases {
                            let operations = ledger.withLock { $0.operations }
                            injected.withLock { $0.phases.append(name) }
                            for fault in faults { server.server.faults.inject(fault) }
                            if name == "redis killed" {
                                redis.kill()
                                injected.withLock { $0.redisKills += 1 }
                                try await hold(since: operations)
                                try redis.start()
                            } else {
                                try await hold(since: operations)
                            }
                            server.server.faults.clear()
                        }
                        loadEnd.withLock { $0 = clock.now + .seconds(1) }
                    }
                    // Creators: documents with server-made IDs, each carrying a unique token.
                    for creator in 0..<3 {
                        group.addTask {
                            var index = 0
                            while loading() {
                                index += 1
                                let token = "c\(creator)-\(index)"
                                                            var outcome = Outcome.acknowledged
                                do { _ = try await sessions.create(ChatSession(userId: "creator", title: token)) } catch {
                                    outcome = failed(error, "create \(token)")
                                }
                                let reported = outcome
                                record { $0.creates[token] = reported; $0.operations += 1 }
                            }
                        }
                    }
                    // Writers of the cached user contexts, each its own, versions counting up.
                    for writer in 0..<3 {
                        group.addTask {
                            let id = "u-\(writer)"
                            var version = 0
                            while loading() {
                                version += 1
                                let attempt = version
                                record { $0.written[id, default: []].insert(attempt) }
                                                            do {
                                    _ = try await contexts.save(UserContext(id: UserContext.ID(rawValue: id), preferences: Preferences(timeZone: "v\(attempt)")))
                                    record { $0.acknowledged[id] = attempt }
                                } catch {
                                    _ = failed(error, "save \(id) v\(attempt)")
                                }
                                record { $0.operations += 1 }
                            }
                        }
                    }
                    // Readers through the cache: no older than the last acknowledged write before the read.
                    for reader in 0..<3 {
                        group.addTask {
                            var index = 0
                            while loading() {
                                index += 1
                                let id = "u-\((reader + index) % 3)"
                                let floor = ledger.withLock { $0.acknowledged[id] ?? 0 }
                                                            do {
                                    let read = try await contexts.get(UserContext.ID(rawValue: id))
                                    let version = read.flatMap { Int($0.preferences.timeZone.dropFirst()) } ?? 0
                                    record {
                                        $0.reads += 1
                                        if version < floor { $0.violations.append("read \(id) at v\(version) after v\(floor) was acknowledged") }
                                        if version > 0, !$0.written[id, default: []].contains(version) { $0.violations.append("read \(id) at v\(version), never written") }
                                    }
                                } catch {
                                    _ = failed(error, "get \(id)")
                                }
                                record { $0.operations += 1 }
                            }
                        }
                    }
                    // Transactions: each adds its token to a shared session and counts it.
                    for runner in 0..<2 {
                        group.addTask {
                            var index = 0
                            while loading() {
                                index += 1
                                let token = "t\(runner)-\(index)"
                                let id = ChatSession.ID(rawValue: "shared-\(index % 2)")
                                                            var outcome = Outcome.acknowledged
                                do {
                                    try await client.transaction(policy: transactionPolicy) { transaction in
                                        guard var session = try await transaction.get(id, in: sessions) else { return }
                                        session.messageCount += 1
                                        session.requestIds.append(token)
                                        try transaction.save(session, in: sessions)
                                    }
                                } catch {
                                    outcome = failed(error, "transaction \(token)")
                                }
                                let reported = outcome
                                record { $0.transactions[token] = reported; $0.operations += 1 }
                            }
                        }
                    }
                    try await group.waitForAll()
                }

                // Recovery: with the faults over, everything works again, by itself.
                let recoveryStart = clock.now
                var recovered = false
                for _ in 0..<100 where !recovered {
                    do {
                        let probe = try await sessions.create(ChatSession(userId: "probe"))
                        let found = try await sessions.get(probe.id)
                        let context = try await contexts.get("u-0")
                        recovered = found != nil && context != nil
                    } catch {
                        try await Task.sleep(for: .milliseconds(50))
                    }
                }
                #expect(recovered, "the client serves again once the faults end")
                let recoveryTime = clock.now - recoveryStart

                // The check, against the server directly (no cache, no faults).
                server.server.faults.clear()
                let checker = ChatSessionsRepository(client: try server.client())
                var titles: [String: Int] = [:]
                var documents = 0
                for try await session in checker.all(pageSize: 500) {
                    documents += 1
                    if let title = session.title { titles[title, default: 0] += 1 }
                }
                var shared: [String: Int] = [:]
                for index in 0..<2 {
                    let session = try #require(try await checker.get(ChatSession.ID(rawValue: "shared-\(index)")))
                    #expect(session.messageCount == session.requestIds.count, "a transaction's two changes landed together")
                    for token in session.requestIds { shared[token, default: 0] += 1 }
                }
                let final = ledger.withLock { $0 }
                for (token, outcome) in final.creates {
                    let count = titles[token] ?? 0
                    switch outcome {
                    case .acknowledged: #expect(count == 1, "acknowledged create \(token) is present \(count) times")
                    case .failed: #expect(count == 0, "create \(token) reported failed is present")
                    case .ambiguous: #expect(count <= 1, "ambiguous create \(token) is present \(count) times")
                    }
                }
                for (token, outcome) in final.transactions {
                    let count = shared[token] ?? 0
                    switch outcome {
                    case .acknowledged: #expect(count == 1, "acknowledged transaction \(token) applied \(count) times")
                    case .failed: #expect(count == 0, "transaction \(token) reported failed was applied")
                    case .ambiguous: #expect(count <= 1, "ambiguous transaction \(token) applied \(count) times")
                    }
                }
                #expect(Set(shared.keys).isSubset(of: Set(final.transactions.keys)))
                let contextsChecker = UserContextsRepository(client: try server.client())
                for (id, version) in final.acknowledged {
                    let stored = try #require(try await contextsChecker.get(UserContext.ID(rawValue: id)))
                    let storedVersion = Int(stored.preferences.timeZone.dropFirst()) ?? 0
                    #expect(storedVersion >= version && final.written[id, default: []].contains(storedVersion),
                            "\(id) holds v\(storedVersion); v\(version) was the last acknowledged")
                }
                #expect(final.violations.isEmpty, "\(final.violations.prefix(10))")
                #expect(final.unexpected.isEmpty, "errors no write should meet: \(final.unexpected.prefix(10))")

                let faultCount = ["commit", "get", "beginTransaction", "rollback", "runQuery", "batchGet"].reduce(0) { $0 + server.server.faults.affectedCalls($1) }
                let kills = injected.withLock { $0.redisKills }
                let outcomes = Array(final.creates.values) + Array(final.transactions.values)
                print("""
                    fault suite: \(final.operations) operations (\(final.creates.count) creates, \(final.transactions.count) transactions, \
                    \(final.written.values.reduce(0) { $0 + $1.count }) updates, \(final.reads) cached reads); \
                    faults injected: \(faultCount) Firestore calls failed, delayed or dropped, redis-server killed \(kills)×; \
                    phases: \(injected.withLock { $0.phases }.joined(separator: ", ")); \
                    retries: \(attempts.value - calls.value) (\(attempts.value) attempts); \
                    errors surfaced: \(final.errors) (\(outcomes.filter { $0 == .ambiguous }.count) ambiguous writes, \
                    \(outcomes.filter { $0 == .failed }.count) failed); documents checked: \(documents + 2 + final.acknowledged.count); \
                    recovered in \(recoveryTime)
                    """)
                #expect(faultCount > 20 && kills == 1 && final.operations >= 7 * 60, "faults were injected under load")
                #expect(final.creates.values.contains(.acknowledged) && final.transactions.values.contains(.acknowledged), "work got done")
            } catch {
                Issue.record("the load stopped: \(error)")
            }
            await redisClient.shutdown()
            await client.shutdown()
        }
        redis.stop()
    }
}
