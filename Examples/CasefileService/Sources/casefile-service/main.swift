import CanonFirestoreServer
import CanonRuntime
import CanonicalModels
import Foundation
import Logging
import Metrics
import ServiceModels

// The example service. Its persistence is one call: a `CanonPersistence` built from a
// `CanonConfiguration` read from the environment (docs/Configuration.md), for the canonical
// schemas and this service's own. With no FIRESTORE_EMULATOR_HOST it starts the local Firestore
// server in-process; with no REDIS_URL its cache is in memory. It writes no data-access code.

func run() async throws {
    let metrics = MetricsSummary()
    MetricsSystem.bootstrap(metrics)

    // The embedded defaults are defaults of the environment the configuration is read from.
    var environment = ProcessInfo.processInfo.environment
    if environment["FIRESTORE_PROJECT"] == nil { environment["FIRESTORE_PROJECT"] = "casefile-service" }
    // A development machine may be busy: a second per Redis command unless configured.
    if environment["REDIS_COMMAND_TIMEOUT"] == nil { environment["REDIS_COMMAND_TIMEOUT"] = "1s" }
    var embedded: FirestoreServer?
    if environment["FIRESTORE_EMULATOR_HOST"] == nil {
        let server = try await FirestoreServer.start()
        environment["FIRESTORE_EMULATOR_HOST"] = server.emulatorHost
        embedded = server
        print("firestore: embedded local server on \(server.emulatorHost)")
    } else {
        print("firestore: \(environment["FIRESTORE_EMULATOR_HOST"]!)")
    }
    let configuration: CanonConfiguration
    do {
        configuration = try await CanonConfiguration.load(environment: environment)
    } catch {
        await embedded?.stop()
        throw error
    }

    let persistence = try CanonPersistence(configuration: configuration,
                                           schemas: [CanonicalModels.CanonSchemaSet.self, ServiceModels.CanonSchemaSet.self],
                                           telemetry: Telemetry(logger: Logger(label: "casefile-service.persistence")))
    switch persistence.cache?.cache {
    case is RedisCache: print("cache: Redis at \(persistence.redis!.configuration.endpoint)")
    case is InMemoryCache: print("cache: in memory (set REDIS_URL for Redis)")
    default: print("cache: off")
    }
    // The container is a swift-service-lifecycle service; here it runs beside the story and is
    // shut down after it (a server would put it in its ServiceGroup).
    let service = Task { try await persistence.run() }
    do {
        try await CasefileStory(persistence: persistence).tell()
        print("health: \(String(decoding: await persistence.health.check().json(), as: UTF8.self))")
    } catch {
        await persistence.shutdown()
        await embedded?.stop()
        throw error
    }
    await persistence.shutdown()
    try await service.value
    await embedded?.stop()
    printSummary(metrics)
}

/// What the runtime recorded: calls and mean durations by operation, errors by status, the
/// cache's outcomes.
func printSummary(_ metrics: MetricsSummary) {
    print("metrics recorded:")
    for (key, timer) in metrics.timers.sorted(by: { $0.key < $1.key }) where key.label == "db.client.operation.duration" {
        let system = key.value("db.system.name") ?? "?"
        let operation = key.value("db.operation.name") ?? "?"
        let collection = key.value("db.collection.name").map { " \($0)" } ?? ""
        let outcome = key.value("error.type").map { " (\($0))" } ?? ""
        let mean = Double(timer.nanoseconds) / Double(timer.count) / 1_000_000
        print("  \(system) \(operation)\(collection)\(outcome): \(timer.count) call\(timer.count == 1 ? "" : "s"), mean \(String(format: "%.2f", mean)) ms")
    }
    let cache = metrics.counters.filter { $0.key.label == "canon.cache.requests" }
        .map { "\($0.key.value("canon.cache.result") ?? "?") \($0.value)" }.sorted()
    print("  cache lookups: \(cache.joined(separator: ", "))")
}

do {
    try await run()
} catch {
    FileHandle.standardError.write(Data("casefile-service: \(error)\n".utf8))
    exit(1)
}
