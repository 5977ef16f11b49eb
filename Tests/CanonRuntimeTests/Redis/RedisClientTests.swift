import CanonTestSupport
import Foundation
import Testing
@testable import CanonRuntime

/// The client and its pool against a real `redis-server` on a free loopback port, one per test.
@Suite("Redis client and pool, against redis-server")
struct RedisClientTests {
    static func client(_ server: RedisServer, pool: HiredisTransport.Configuration = .init(),
                       commandTimeout: Duration = .milliseconds(500), middlewares: [any RedisMiddleware] = []) throws -> RedisClient {
        RedisClient(configuration: try RedisConfiguration(url: server.url, commandTimeout: commandTimeout), pool: pool, middlewares: middlewares)
    }

    /// Runs `body`, then shuts the client down, also when `body` throws (a client left running
    /// stops a debug build).
    static func using<Result>(_ redis: RedisClient, _ body: (RedisClient) async throws -> Result) async throws -> Result {
        let result: Result
        do {
            result = try await body(redis)
        } catch {
            await redis.shutdown()
            throw error
        }
        await redis.shutdown()
        return result
    }

    /// Waits, bounded, until `condition` holds.
    static func until(_ condition: () -> Bool) async throws {
        // (Not `for … where !condition()`: that goes on testing the condition after it holds.)
        for _ in 0..<500 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(condition(), "still not so after 5 s")
    }

    @Test("values are binary-safe, TTLs land, and what the client wrote reads back with redis-cli")
    func commands() async throws {
        let server = try RedisServer()
        try await Self.using(try Self.client(server)) { redis in
            let everyByte = (0...255).map(UInt8.init) + Array("\r\n$3\r\n*1\r\n".utf8)
            try await redis.set("binary", everyByte)
            #expect(try await redis.get("binary") == everyByte)
            #expect(try await redis.get("missing") == nil)

            try await redis.set("greeting", Array("hello".utf8), ttl: .seconds(30))
            #expect(try server.cli(["GET", "greeting"]) == "hello")
            let ttl = try #require(Int(try server.cli(["PTTL", "greeting"])))
            #expect((29_000...30_000).contains(ttl))
            #expect(try server.cli(["STRLEN", "binary"]) == "\(everyByte.count)")

            #expect(try await redis.get(["greeting", "missing", "binary"]) == [Array("hello".utf8), nil, everyByte])
            #expect(try await redis.delete(["greeting", "missing"]) == 1)
            #expect(try server.cli(["EXISTS", "greeting"]) == "0")
            #expect(try await redis.send(RedisCommand("INCRBY", "counter", 5)) == .integer(5))
            #expect(try await redis.send(RedisCommand("EXISTS", "counter")).integer == 1)
        }
    }

    @Test("a pipeline answers each command in order; an error reply fails only its command")
    func pipeline() async throws {
        let server = try RedisServer()
        try await Self.using(try Self.client(server)) { redis in
            try server.cli(["RPUSH", "list", "a"])
            let results = try await redis.pipeline([
                RedisCommand("SET", "k", "v"),
                RedisCommand("INCR", "list"),
                RedisCommand("GET", "k"),
                RedisCommand("LRANGE", "list", 0, -1),
            ])
            #expect(try results[0].get() == .status("OK"))
            guard case .failure(.server(let error)) = results[1] else { Issue.record("INCR of a list did not fail: \(results[1])"); return }
            #expect(error.code == "WRONGTYPE")
            #expect(try results[2].get() == .bulk(Array("v".utf8)))
            #expect(try results[3].get() == .array([.bulk(Array("a".utf8))]))
            #expect(error.command == "INCR" && !RedisError.server(error).commandMayHaveRun)
            #expect(RedisError.server(RedisServerError(message: "ERR boom", command: "EVAL")).commandMayHaveRun)
            await #expect(throws: RedisError.server(RedisServerError(message: error.message, command: "INCR"))) {
                try await redis.send(RedisCommand("INCR", "list"))
            }
        }
    }

    @Test("AUTH as an ACL user and SELECT happen on every connection, including after a restart")
    func authenticationAndDatabase() async throws {
        let server = try RedisServer(extra: ["--user", "default", "off", "--user", "canon", "on", ">s3cret", "~*", "&*", "+@all"])
        let configuration = try RedisConfiguration(url: "redis://canon:s3cret@127.0.0.1:\(server.port)/3")
        try await Self.using(RedisClient(configuration: configuration)) { redis in
            try await redis.set("where", Array("db3".utf8))
            #expect(try server.cli(["GET", "where"], database: 3, auth: ["--user", "canon", "--pass", "s3cret"]) == "db3")
            #expect(try server.cli(["EXISTS", "where"], database: 0, auth: ["--user", "canon", "--pass", "s3cret"]) == "0")
            server.kill()
            try server.start()
            // Bounded: the pool reconnects by itself within a few backoffs.
            var answered = false
            for _ in 0..<200 where !answered {
                answered = (try? await redis.send(RedisCommand("SET", "after", "restart"))) != nil
                if !answered { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(answered)
            #expect(try server.cli(["GET", "after"], database: 3, auth: ["--user", "canon", "--pass", "s3cret"]) == "restart")
        }

        try await Self.using(RedisClient(configuration: try RedisConfiguration(url: "redis://canon:nope@127.0.0.1:\(server.port)/3"))) { wrong in
            do {
                try await wrong.send(RedisCommand("PING"))
                Issue.record("a wrong password was accepted")
            } catch RedisError.unavailable(_, .authenticationFailed(let reason)) {
                #expect(reason.contains("WRONGPASS"), "\(reason)")
                #expect(!"\(RedisError.unavailable(endpoint: "x", reason: .authenticationFailed(reason)))".contains("nope"))
            }
        }
    }

    @Test("a refused SELECT, or a server at its client limit, is unavailable with the reason, not a broken call")
    func refusals() async throws {
        let server = try RedisServer(extra: ["--databases", "4", "--maxclients", "2"])
        try await Self.using(RedisClient(configuration: try RedisConfiguration(url: server.url + "/9"))) { redis in
            do {
                try await redis.send(RedisCommand("PING"))
                Issue.record("SELECT 9 of 4 databases was accepted")
            } catch RedisError.unavailable(_, .databaseRefused(let reason)) {
                #expect(reason.contains("out of range"), "\(reason)")
            }
        }
        // Two clients fill the server; a third is refused after its socket is accepted.
        let one = HiredisTransport.Configuration(minimumConnections: 1, maximumConnections: 1)
        try await Self.using(try Self.client(server, pool: one)) { first in
            try await Self.using(try Self.client(server, pool: one)) { second in
                // Bounded: the server may still count a client that just left.
                var both = false
                for _ in 0..<200 where !both {
                    let firstUp = (try? await first.send(RedisCommand("PING"))) != nil
                    let secondUp = (try? await second.send(RedisCommand("PING"))) != nil
                    both = firstUp && secondUp
                    if !both { try await Task.sleep(for: .milliseconds(20)) }
                }
                #expect(both)
                try await Self.using(try Self.client(server, pool: one)) { third in
                    do {
                        try await third.send(RedisCommand("PING"))
                        Issue.record("a third client was served")
                    } catch RedisError.unavailable(_, .refused(let reason)) {
                        #expect(reason.contains("max number of clients"), "\(reason)")
                    }
                    // It backs off rather than reconnecting in a loop: a handful of attempts in
                    // half a second, where a loop would make hundreds.
                    // (Asked through a connected client: redis-cli would find no free slot.)
                    let rejected = { () async throws -> Int in
                        let stats = try await first.send(RedisCommand("INFO", "stats")).string ?? ""
                        let line = stats.split(separator: "\r\n").first { $0.hasPrefix("rejected_connections:") }
                        return try #require(line.flatMap { Int($0.split(separator: ":")[1]) })
                    }
                    let before = try await rejected()
                    try await Task.sleep(for: .milliseconds(500))
                    #expect(try await rejected() - before <= 12, "attempts kept coming")
                }
            }
        }
    }

    @Test("errors inside a transaction's answer are values of the array")
    func transactionErrors() async throws {
        let server = try RedisServer()
        try await Self.using(try Self.client(server)) { redis in
            try server.cli(["SET", "text", "abc"])
            let results = try await redis.pipeline([RedisCommand("MULTI"), RedisCommand("INCR", "text"), RedisCommand("SET", "k", "v"), RedisCommand("EXEC")])
            #expect(try results[1].get() == .status("QUEUED"))
            guard case .array(let answers) = try results[3].get(), answers.count == 2 else { Issue.record("\(results[3])"); return }
            guard case .error(let error) = answers[0] else { Issue.record("\(answers[0])"); return }
            #expect(error.code == "ERR")
            #expect(answers[1] == .status("OK"))
        }
    }

    @Test("idle connections are checked with PING and closed down to the minimum")
    func idleConnections() async throws {
        let server = try RedisServer()
        let pool = HiredisTransport.Configuration(minimumConnections: 1, maximumConnections: 4, healthCheckInterval: .milliseconds(100),
                                                  maximumIdleTime: .milliseconds(600))
        try await Self.using(try Self.client(server, pool: pool, commandTimeout: .seconds(5))) { redis in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<32 { group.addTask { for _ in 0..<20 { try await redis.send(RedisCommand("INCR", "n")) } } }
                try await group.waitForAll()
            }
            let grown = try #require(redis.statistics).open
            let commands = { Int(try server.cli(["INFO", "commandstats"]).split(separator: "\r\n").first { $0.hasPrefix("cmdstat_ping:") }?
                .split(separator: "=")[1].split(separator: ",")[0] ?? "0") ?? 0 }
            let pingsBefore = try commands()
            try await Self.until { redis.statistics?.open == 1 }
            #expect(grown > 1, "the burst grew the pool")
            #expect(try commands() > pingsBefore, "idle connections were checked")
            #expect(try await redis.send(RedisCommand("GET", "n")).integer == 640)
        }
    }

    @Test("a unix socket")
    func unixSocket() async throws {
        let server = try RedisServer(unixSocket: true)
        try await Self.using(RedisClient(configuration: try RedisConfiguration(url: "unix://" + server.socketPath! + "?db=1"))) { redis in
            try await redis.set("via", Array("socket".utf8))
            #expect(try server.cli(["GET", "via"], database: 1) == "socket")
        }
    }

    @Test("a reply that does not come in time is a timeout naming the command; the connection is replaced")
    func replyTimeout() async throws {
        let server = try RedisServer()
        try await Self.using(try Self.client(server, commandTimeout: .milliseconds(100))) { redis in
            let start = ContinuousClock.now
            await #expect(throws: RedisError.replyTimedOut(command: "BLPOP", after: .milliseconds(100))) {
                try await redis.send(RedisCommand("BLPOP", "empty", 10))
            }
            // Well before the BLPOP would have ended by itself (the bound allows for a loaded machine).
            #expect(ContinuousClock.now - start < .seconds(5))
            let pong = try await redis.send(RedisCommand("PING"))
            #expect(pong == .status("PONG"))
            #expect(RedisError.replyTimedOut(command: "BLPOP", after: .milliseconds(100)).commandMayHaveRun)
        }
    }

    @Test("more concurrent callers than connections share the pool's pipelines, and every call lands once")
    func concurrency() async throws {
        let server = try RedisServer()
        try await Self.using(try Self.client(server, pool: .init(minimumConnections: 1, maximumConnections: 2))) { redis in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<64 {
                    group.addTask {
                        for _ in 0..<20 { try await redis.send(RedisCommand("INCR", "hits:\(task % 4)")) }
                    }
                }
                try await group.waitForAll()
            }
            let counts = try (0..<4).map { try server.cli(["GET", "hits:\($0)"]) }
            #expect(counts == ["320", "320", "320", "320"])
            #expect(Int(try server.cli(["INFO", "clients"]).split(separator: "\r\n").first { $0.hasPrefix("connected_clients:") }?.split(separator: ":").last ?? "") ?? 0 <= 3)
            try await Self.until { redis.statistics?.callsInFlight == 0 }
            let statistics = try #require(redis.statistics)
            #expect(statistics.open <= 2 && statistics.callsWaiting == 0)
        }
    }

    @Test("a full pool makes a caller wait at most the acquire timeout, then fail with a typed error")
    func poolExhausted() async throws {
        let server = try RedisServer()
        let pool = HiredisTransport.Configuration(minimumConnections: 1, maximumConnections: 1, maximumCallsPerConnection: 1,
                                                  acquireTimeout: .milliseconds(50))
        try await Self.using(try Self.client(server, pool: pool, commandTimeout: .seconds(10))) { redis in
            #expect(try await redis.send(RedisCommand("PING")) == .status("PONG"))
            let blocking = Task { try await redis.send(RedisCommand("BLPOP", "empty", 3)) }
            try await Self.until { redis.statistics?.callsInFlight == 1 }
            let start = ContinuousClock.now
            await #expect(throws: RedisError.poolExhausted(waited: .milliseconds(50))) {
                try await redis.send(RedisCommand("GET", "k"))
            }
            // Well before the BLPOP ahead of it ends.
            #expect(ContinuousClock.now - start < .seconds(2))
            #expect(try await blocking.value == .null)
            #expect(!RedisError.poolExhausted(waited: .milliseconds(50)).commandMayHaveRun)
        }
    }

    @Test("a cancelled task's call ends at once with CancellationError, whether it waited for room or was in flight")
    func cancellation() async throws {
        let server = try RedisServer()
        let pool = HiredisTransport.Configuration(minimumConnections: 1, maximumConnections: 1, maximumCallsPerConnection: 1,
                                                  acquireTimeout: .seconds(10))
        try await Self.using(try Self.client(server, pool: pool, commandTimeout: .seconds(10))) { redis in
            #expect(try await redis.send(RedisCommand("PING")) == .status("PONG"))
            let inFlight = Task { try await redis.send(RedisCommand("BLPOP", "empty", 8)) }
            try await Self.until { redis.statistics?.callsInFlight == 1 }
            let waiting = Task { try await redis.send(RedisCommand("GET", "k")) }
            try await Self.until { redis.statistics?.callsWaiting == 1 }
            let start = ContinuousClock.now
            waiting.cancel()
            await #expect(throws: CancellationError.self) { try await waiting.value }
            inFlight.cancel()
            await #expect(throws: CancellationError.self) { try await inFlight.value }
            #expect(ContinuousClock.now - start < .seconds(4), "ended long before the BLPOP would have")
            // The BLPOP still holds the connection; once its reply comes (and is dropped), the
            // connection carries on.
            try server.cli(["RPUSH", "empty", "x"])
            #expect(try await redis.send(RedisCommand("PING")) == .status("PONG"))
            #expect(try server.cli(["LLEN", "empty"]) == "0", "the cancelled BLPOP still ran")
        }
    }

    @Test("with the server gone, calls fail fast and typed; once it is back, the pool reconnects by itself")
    func restart() async throws {
        let server = try RedisServer()
        // Long timeouts: calls must fail because connecting fails, not wait for these.
        let pool = HiredisTransport.Configuration(minimumConnections: 2, maximumConnections: 4, acquireTimeout: .seconds(10))
        try await Self.using(try Self.client(server, pool: pool, commandTimeout: .seconds(10))) { redis in
            try await redis.set("before", Array("x".utf8))
            server.kill()
            var failures: [RedisError] = []
            for _ in 0..<20 {
                let start = ContinuousClock.now
                do {
                    try await redis.send(RedisCommand("GET", "before"))
                } catch let error as RedisError {
                    failures.append(error)
                    #expect(ContinuousClock.now - start < .seconds(3), "a call waited too long: \(error)")
                }
            }
            #expect(failures.count == 20)
            #expect(failures.allSatisfy { error in
                switch error {
                case .connectionBroken, .unavailable: true
                default: false
                }
            }, "\(failures)")
            try server.start()
            var back = false
            for _ in 0..<200 where !back {
                back = (try? await redis.send(RedisCommand("PING"))) != nil
                if !back { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(back)
            // Back for good: no caller sees an error any more.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<16 {
                    group.addTask { for _ in 0..<25 { try await redis.send(RedisCommand("INCR", "after:\(task)")) } }
                }
                try await group.waitForAll()
            }
            #expect(try server.cli(["GET", "after:7"]) == "25")
        }
    }

    @Test("with nothing listening, a call fails as soon as connecting fails, as unavailable, saying why")
    func unavailable() async throws {
        let port = try RedisServer.freePort()
        // Timeouts far longer than the bound below: the call must not wait for them.
        let configuration = try RedisConfiguration(url: "redis://127.0.0.1:\(port)", connectTimeout: .seconds(10))
        try await Self.using(RedisClient(configuration: configuration, pool: .init(acquireTimeout: .seconds(10)))) { redis in
            let start = ContinuousClock.now
            do {
                try await redis.send(RedisCommand("PING"))
                Issue.record("a call to nothing succeeded")
            } catch RedisError.unavailable(let endpoint, let reason) {
                #expect(endpoint == "127.0.0.1:\(port)")
                guard case .unreachable(let text) = reason else { Issue.record("\(reason)"); return }
                #expect(text.lowercased().contains("refused"), "\(text)")
            }
            #expect(ContinuousClock.now - start < .seconds(8))
        }
    }

    @Test("middlewares see each call's operation and namespace, outermost first, and may answer it themselves")
    func middlewares() async throws {
        let server = try RedisServer()
        let seen = Recorder()
        try await Self.using(try Self.client(server, middlewares: [Recording(name: "outer", seen: seen), Recording(name: "inner", seen: seen), Refusing()])) { redis in
            #expect(try await redis.send(RedisCommand("SET", "a", "1"), namespace: "sessions") == .status("OK"))
            _ = try await redis.pipeline([RedisCommand("GET", "a"), RedisCommand("GET", "b")])
            #expect(seen.lines == ["outer SET sessions", "inner SET sessions", "outer PIPELINE -", "inner PIPELINE -"])
            await #expect(throws: RedisError.shutDown) { try await redis.send(RedisCommand("FLUSHALL")) }
            #expect(try server.cli(["GET", "a"]) == "1")
        }
    }

    @Test("tasks that prefer the client's executor run on the pool's thread, and calls from there work")
    func executor() async throws {
        let server = try RedisServer()
        try await Self.using(try Self.client(server)) { redis in
            let executor = try #require(redis.taskExecutor)
            let names = try await withTaskExecutorPreference(executor) {
                var names: [String] = []
                for index in 0..<10 {
                    try await redis.set("k\(index)", [UInt8(index)])
                    names.append(currentThreadName())
                }
                return names
            }
            #expect(Set(names) == ["canon.redis"])
            #expect(try await redis.get("k9") == [9])
        }
    }

    @Test("shutdown lets a call in flight finish, then refuses calls with a typed error")
    func shutdown() async throws {
        let server = try RedisServer()
        try await Self.using(try Self.client(server, commandTimeout: .seconds(2))) { redis in
            #expect(try await redis.send(RedisCommand("PING")) == .status("PONG"))
            let inFlight = Task { try await redis.send(RedisCommand("BLPOP", "empty", 0.3)) }
            try await Self.until { redis.statistics?.callsInFlight == 1 }
            await redis.shutdown()
            #expect(try await inFlight.value == .null)
            #expect(redis.state == .shutDown)
            await #expect(throws: RedisError.shutDown) { try await redis.send(RedisCommand("PING")) }
        }
    }
}

private final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func add(_ line: String) { lock.withLock { storage.append(line) } }
    var lines: [String] { lock.withLock { storage } }
}

private struct Recording: RedisMiddleware {
    let name: String
    let seen: Recorder
    func intercept(_ commands: [RedisCommand], context: RedisCallContext,
                   next: @Sendable ([RedisCommand], RedisCallContext) async throws -> [Result<RedisReply, RedisError>]) async throws -> [Result<RedisReply, RedisError>] {
        seen.add("\(name) \(context.operation) \(context.namespace ?? "-")")
        return try await next(commands, context)
    }
}

/// Answers FLUSHALL itself, so it never reaches the server.
private struct Refusing: RedisMiddleware {
    func intercept(_ commands: [RedisCommand], context: RedisCallContext,
                   next: @Sendable ([RedisCommand], RedisCallContext) async throws -> [Result<RedisReply, RedisError>]) async throws -> [Result<RedisReply, RedisError>] {
        if commands.contains(where: { $0.name == "FLUSHALL" }) { throw RedisError.shutDown }
        return try await next(commands, context)
    }
}
