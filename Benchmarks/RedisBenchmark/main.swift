import CanonRuntime
import CanonicalModels
import Foundation

// The Redis client against `redis-benchmark`, both against the same redis-server, measured in
// the same run: one connection (from a task on the client's executor, and from one on the
// cooperative pool), a pipeline of 16 GETs on one connection, and 64 tasks through 8
// connections; then the generated keyspace repository's get (HGETALL and decoding a
// RateLimitWindow) against redis-benchmark's GET and its HGETALL of the same hash. Run by
// Benchmarks/run-redis-benchmark.sh, which starts the server.
// usage: RedisBenchmark PORT [--seconds S] [--rounds R] [--profile N | --profile-keyspace]

let arguments = CommandLine.arguments
guard arguments.count >= 2, let port = Int(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: RedisBenchmark PORT [--seconds S] [--rounds R] [--profile N | --profile-keyspace]\n".utf8))
    exit(2)
}
func option(_ name: String, _ fallback: Double) -> Double {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Double(arguments[index + 1]) else { return fallback }
    return value
}
let seconds = option("--seconds", 2)
let rounds = Int(option("--rounds", 3))
let key = "key:__rand_int__"  // redis-benchmark's key for -t get without -r

/// GETs per second that `redis-benchmark` reports for `clients` connections, `pipeline` deep;
/// with `command`, that command's rate instead.
func baseline(clients: Int, pipeline: Int, command: [String]? = nil) throws -> Double {
    let requests = Int(seconds * (pipeline > 1 ? 400_000 : 60_000))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-benchmark")
    process.arguments = ["-h", "127.0.0.1", "-p", "\(port)", "-c", "\(clients)", "-P", "\(pipeline)", "-n", "\(requests)", "--csv"]
        + (command ?? ["-t", "get"])
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    // "GET","98039.22",…
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix(command == nil ? "\"GET\"" : "\"") && !line.hasPrefix("\"test\"") {
        let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        if fields.count > 1, let rate = Double(fields[1]) { return rate }
    }
    throw RedisError.protocolViolation("redis-benchmark printed no GET rate")
}

/// GETs per second through one client, `tasks` tasks each calling for `seconds`.
func measure(_ redis: RedisClient, tasks: Int, pipeline: Int, onExecutor: Bool) async throws -> Double {
    let deadline = ContinuousClock.now + .seconds(seconds)
    let commands = Array(repeating: RedisCommand("GET", key), count: pipeline)
    let start = ContinuousClock.now
    let total = try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<tasks {
            group.addTask(executorPreference: onExecutor ? redis.taskExecutor : nil) {
                var count = 0
                while ContinuousClock.now < deadline {
                    if pipeline == 1 {
                        _ = try await redis.send(commands[0])
                    } else {
                        _ = try await redis.pipeline(commands)
                    }
                    count += pipeline
                }
                return count
            }
        }
        return try await group.reduce(0, +)
    }
    return Double(total) / ((ContinuousClock.now - start) / .seconds(1))
}

/// A client as services get it (its default middlewares: telemetry, to no-op backends here), or
/// with no middleware at all.
func client(connections: Int, bare: Bool = false) throws -> RedisClient {
    RedisClient(configuration: try RedisConfiguration(url: "redis://127.0.0.1:\(port)", commandTimeout: .seconds(5)),
                pool: .init(minimumConnections: connections, maximumConnections: connections, maximumCallsPerConnection: 1_024),
                middlewares: bare ? [] : nil)
}

struct Row {
    var name: String
    var clients: Int
    var pipeline: Int
    var tasks: Int
    var connections: Int
    var onExecutor: Bool
    var target: Double
    /// A second baseline, printed beside the first: `redis-benchmark -c clients -P pipeline`.
    var alsoAgainst: (clients: Int, pipeline: Int)? = nil
}

let rows = [
    Row(name: "get, 1 connection, task on the client's executor", clients: 1, pipeline: 1, tasks: 1, connections: 1, onExecutor: true, target: 0.8),
    Row(name: "get, 1 connection, task on the cooperative pool", clients: 1, pipeline: 1, tasks: 1, connections: 1, onExecutor: false, target: 0.5),
    Row(name: "16 gets pipelined, 1 connection", clients: 1, pipeline: 16, tasks: 1, connections: 1, onExecutor: false, target: 0.5),
    // The issue's baseline sends one request at a time on each of 64 connections; the pool
    // pipelines 64 tasks' calls on 8, so 8 connections pipelining 8 deep is printed too.
    Row(name: "get, 64 tasks through 8 connections", clients: 64, pipeline: 1, tasks: 64, connections: 8, onExecutor: false, target: 0.8,
        alsoAgainst: (8, 8)),
]

let setup = try client(connections: 1)
try await setup.set(key, Array("xxx".utf8))  // redis-benchmark's value: 3 bytes
await setup.shutdown()

// --profile N: only the client's side of row N, for a profiler.
if let index = arguments.firstIndex(of: "--profile"), index + 1 < arguments.count, let number = Int(arguments[index + 1]) {
    let row = rows[number]
    let redis = try client(connections: row.connections)
    let rate = try await measure(redis, tasks: row.tasks, pipeline: row.pipeline, onExecutor: row.onExecutor)
    print("\(row.name): \(Int(rate))/s")
    await redis.shutdown()
    exit(0)
}

// --profile-keyspace: only the keyspace repository's side, for a profiler.
let profileKeyspace = arguments.contains("--profile-keyspace")
if !profileKeyspace { print("Redis client against redis-benchmark, same redis-server, GETs per second (\(rounds) rounds of \(seconds) s, alternating)") }
for row in rows where !profileKeyspace {
    var ratios: [Double] = []
    var ours: [Double] = []
    var theirs: [Double] = []
    let redis = try client(connections: row.connections)
    _ = try await measure(redis, tasks: row.tasks, pipeline: row.pipeline, onExecutor: row.onExecutor)  // warm-up
    for round in 0..<rounds {
        // Alternate which goes first, so neither always meets a warmer server.
        var pair: (ours: Double, theirs: Double) = (0, 0)
        if round % 2 == 0 {
            pair.theirs = try baseline(clients: row.clients, pipeline: row.pipeline)
            pair.ours = try await measure(redis, tasks: row.tasks, pipeline: row.pipeline, onExecutor: row.onExecutor)
        } else {
            pair.ours = try await measure(redis, tasks: row.tasks, pipeline: row.pipeline, onExecutor: row.onExecutor)
            pair.theirs = try baseline(clients: row.clients, pipeline: row.pipeline)
        }
        ours.append(pair.ours)
        theirs.append(pair.theirs)
        ratios.append(pair.ours / pair.theirs)
    }
    await redis.shutdown()
    func range(_ values: [Double], _ format: String) -> String {
        "\(String(format: format, values.min()!))–\(String(format: format, values.max()!))"
    }
    let met = ratios.min()! >= row.target ? "met" : (ratios.max()! >= row.target ? "partly" : "NOT met")
    print("  \(row.name): \(range(ours, "%.0f"))/s against redis-benchmark -c \(row.clients) -P \(row.pipeline): \(range(theirs, "%.0f"))/s; "
        + "ratio \(range(ratios, "%.2f")) (target ≥ \(row.target): \(met))")
    if let other = row.alsoAgainst {
        let rate = try baseline(clients: other.clients, pipeline: other.pipeline)
        let mean = ours.reduce(0, +) / Double(ours.count)
        print("    against redis-benchmark -c \(other.clients) -P \(other.pipeline): \(String(format: "%.0f", rate))/s; ratio \(String(format: "%.2f", mean / rate)) (reported)")
    }
}

// What telemetry costs a call: the default client (telemetry middleware, no backend bootstrapped)
// against one without middlewares, one connection, task on the executor, rounds alternating.
if !profileKeyspace {
    let observed = try client(connections: 1), bare = try client(connections: 1, bare: true)
    _ = try await measure(observed, tasks: 1, pipeline: 1, onExecutor: true)
    _ = try await measure(bare, tasks: 1, pipeline: 1, onExecutor: true)
    var ratios: [Double] = []
    for round in 0..<rounds {
        let first = try await measure(round % 2 == 0 ? bare : observed, tasks: 1, pipeline: 1, onExecutor: true)
        let second = try await measure(round % 2 == 0 ? observed : bare, tasks: 1, pipeline: 1, onExecutor: true)
        ratios.append(round % 2 == 0 ? second / first : first / second)
    }
    await observed.shutdown()
    await bare.shutdown()
    print("  get with the default telemetry middleware (no backend) against the same client without middlewares: ratio "
        + "\(String(format: "%.2f–%.2f", ratios.min()!, ratios.max()!)) (reported)")
}

// The generated keyspace repository, one connection, from a task on the client's executor.
do {
    let redis = try client(connections: 1)
    let windows = RateLimitWindowsRepository(client: redis)
    let long = RedisKeyspace<RateLimitWindow>(client: redis, name: "rateLimitWindows", ttl: .seconds(3_600))
    let window = RateLimitWindow(subject: "bench", windowStart: 1_700_000_000, count: 7, limit: 100)
    try await long.set(window, at: try RateLimitWindowsRepository.Key(window).text())
    let key = RateLimitWindowsRepository.Key(window)
    let hash = try key.text()
    // In a task of its own on the client's executor, as the GET rows run: top-level code is the
    // main actor's, and a loop there would hop to it after every call.
    func repositoryRate() async throws -> Double {
        try await Task(executorPreference: redis.taskExecutor) { [seconds] in
            let deadline = ContinuousClock.now + .seconds(seconds)
            let start = ContinuousClock.now
            var count = 0
            while ContinuousClock.now < deadline {
                // Each get must find and decode the value (its TTL is long enough for any run).
                guard try await windows.get(key) != nil else { throw RedisKeyspaceError.undecodable(keyspace: "rateLimitWindows", reason: "the value is gone") }
                count += 1
            }
            return Double(count) / ((ContinuousClock.now - start) / .seconds(1))
        }.value
    }
    if profileKeyspace {
        print("keyspace repository get: \(Int(try await repositoryRate()))/s")
        await redis.shutdown()
        exit(0)
    }
    _ = try await repositoryRate()  // warm-up
    var ours: [Double] = [], gets: [Double] = [], hashes: [Double] = []
    for _ in 0..<rounds {
        ours.append(try await repositoryRate())
        gets.append(try baseline(clients: 1, pipeline: 1))
        hashes.append(try baseline(clients: 1, pipeline: 1, command: ["HGETALL", hash]))
    }
    await redis.shutdown()
    let mean = { (values: [Double]) in values.reduce(0, +) / Double(values.count) }
    let againstGet = zip(ours, gets).map { $0 / $1 }, againstHash = zip(ours, hashes).map { $0 / $1 }
    print("  keyspace repository get (HGETALL + decoding a RateLimitWindow), 1 connection, executor: \(String(format: "%.0f", mean(ours)))/s; "
        + "against redis-benchmark -c 1 -t get \(String(format: "%.0f", mean(gets)))/s: ratio \(String(format: "%.2f–%.2f", againstGet.min()!, againstGet.max()!)) (target ≥ 0.8); "
        + "against redis-benchmark -c 1 HGETALL of the same hash \(String(format: "%.0f", mean(hashes)))/s: ratio \(String(format: "%.2f–%.2f", againstHash.min()!, againstHash.max()!)) (reported)")
}

