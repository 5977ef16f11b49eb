@testable import CanonRuntime
import Configuration
import Foundation
import Testing

/// Reading, validating and documenting `CanonConfiguration`.
@Suite("Configuration")
struct CanonConfigurationTests {
    @Test("every key is read from its environment variable, durations, numbers and booleans in their forms")
    func readsEnvironment() async throws {
        let configuration = try await CanonConfiguration.load(environment: [
            "FIRESTORE_PROJECT": "acme-prod", "FIRESTORE_DATABASE": "orders", "FIRESTORE_REQUEST_TIMEOUT": "1m30s",
            "FIRESTORE_RETRY_MAX_ATTEMPTS": "3", "FIRESTORE_POOL_MAX_REQUESTS": "64", "FIRESTORE_POOL_ACQUIRE_TIMEOUT": "250ms",
            "REDIS_URL": "redis://:hunter2@127.0.0.1:6380/2", "REDIS_COMMAND_TIMEOUT": "500ms", "REDIS_POOL_MAX_CONNECTIONS": "16",
            "CACHE_ENABLED": "false", "CACHE_STORE": "redis", "CACHE_MAX_TTL": "2m", "CIRCUIT_BREAKER_FAILURE_RATE": "0.25",
            "CIRCUIT_BREAKER_OPEN_DURATION": "10s", "HEALTH_PROBE_TIMEOUT": "2s",
            // Empty counts as unset, whatever the key's kind.
            "REDIS_POOL_MIN_CONNECTIONS": "", "CIRCUIT_BREAKER_WINDOW": "", "CIRCUIT_BREAKER_ENABLED": "",
        ])
        #expect(configuration.firestore.projectID == "acme-prod")
        #expect(configuration.firestore.databaseID == "orders")
        #expect(configuration.firestore.requestTimeout == .seconds(90))
        #expect(configuration.firestore.maximumAttempts == 3)
        #expect(configuration.firestore.pool.maximumConcurrentRequests == 64)
        #expect(configuration.firestore.pool.acquireTimeout == .milliseconds(250))
        #expect(configuration.redis.url == "redis://:hunter2@127.0.0.1:6380/2")
        #expect(configuration.redis.commandTimeout == .milliseconds(500))
        #expect(configuration.redis.pool.maximumConnections == 16)
        #expect(configuration.cache.enabled == false)
        #expect(configuration.cache.store == .redis)
        #expect(configuration.cache.maximumTTL == .seconds(120))
        #expect(configuration.circuitBreakers.configuration.failureRateThreshold == 0.25)
        #expect(configuration.circuitBreakers.configuration.openDuration == .seconds(10))
        #expect(configuration.health.probeTimeout == .seconds(2))
        // Untouched keys keep their defaults.
        #expect(configuration.redis.pool.minimumConnections == 1)
        #expect(configuration.circuitBreakers.configuration.trialCalls == 3)
        #expect(configuration.circuitBreakers.configuration.window == .seconds(10))
        #expect(configuration.circuitBreakers.enabled)
        #expect(!configuration.description.contains("hunter2"))
        #expect(configuration.description.contains("127.0.0.1:6380"))
    }

    @Test("a JSON file nests the keys; an environment variable that is set wins over it")
    func readsFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("canon-config-\(UUID().uuidString).json")
        try Data(#"{"firestore": {"project": "from-file", "pool": {"max-requests": 12}}, "circuit-breaker": {"enabled": false, "window": "30s"}}"#.utf8)
            .write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let configuration = try await CanonConfiguration.load(environment: ["FIRESTORE_PROJECT": "from-environment"], jsonFile: file.path)
        #expect(configuration.firestore.projectID == "from-environment")
        #expect(configuration.firestore.pool.maximumConcurrentRequests == 12)
        #expect(configuration.circuitBreakers.enabled == false)
        #expect(configuration.circuitBreakers.configuration.window == .seconds(30))

        await #expect(throws: CanonConfigurationError.self) {
            _ = try await CanonConfiguration.load(environment: ["FIRESTORE_PROJECT": "p"], jsonFile: "/nonexistent/canon.json")
        }
    }

    @Test("every problem is reported at once, naming the key, its variable and the form expected, and never quoting a secret")
    func reportsEveryProblem() async throws {
        do {
            _ = try await CanonConfiguration.load(environment: [
                "FIRESTORE_POOL_MAX_REQUESTS": "many", "FIRESTORE_REQUEST_TIMEOUT": "soon", "CACHE_ENABLED": "maybe",
                "REDIS_URL": "rediss://:hunter2@cache.internal:6379", "REDIS_POOL_MIN_CONNECTIONS": "9",
                "CIRCUIT_BREAKER_FAILURE_RATE": "1.5", "CACHE_STORE": "disk", "FIRESTORE_EMULATOR_HOST": "http://localhost",
            ])
            Issue.record("an invalid configuration was accepted")
        } catch {
            let lines = error.problems.map(\.description)
            #expect(lines == [
                "firestore.emulator-host (FIRESTORE_EMULATOR_HOST): expected `host:port` (no scheme), such as `127.0.0.1:8080`, got \"http://localhost\"",
                "firestore.request-timeout (FIRESTORE_REQUEST_TIMEOUT): expected a duration such as `250ms`, `30s` or `1m30s`, got \"soon\"",
                "firestore.pool.max-requests (FIRESTORE_POOL_MAX_REQUESTS): expected a whole number, got \"many\"",
                "redis.url (REDIS_URL): " + (try RedisConfigurationError.message(ofURL: "rediss://:hunter2@cache.internal:6379")),
                "redis.pool.max-connections (REDIS_POOL_MAX_CONNECTIONS): expected a whole number of at least 9, got 8",
                "cache.enabled (CACHE_ENABLED): expected `true` or `false`, got \"maybe\"",
                "cache.store (CACHE_STORE): expected `auto`, `memory` or `redis`, got \"disk\"",
                "circuit-breaker.failure-rate (CIRCUIT_BREAKER_FAILURE_RATE): expected a number above 0 and at most 1, got 1.5",
            ])
            #expect(!error.description.contains("hunter2"))
        }
        // A project is required unless an emulator is named.
        #expect(throws: CanonConfigurationError(problems: [.init(key: "firestore.project",
            message: "required: the Google Cloud project ID (or set firestore.emulator-host to use an emulator)")])) {
            try CanonConfiguration().validate()
        }
        try CanonConfiguration.emulator("127.0.0.1:8080").validate()
    }

    @Test("durations are written in whole units, largest first")
    func durations() {
        #expect(DurationText.parse("250ms") == .milliseconds(250))
        #expect(DurationText.parse("1h30m") == .seconds(5_400))
        #expect(DurationText.parse("7d") == .seconds(604_800))
        #expect(DurationText.parse("1m500ms") == .milliseconds(60_500))
        for invalid in ["", "5", "s", "5x", "5s1m", "1.5s", "-1s", "5 s", "1s1s"] { #expect(DurationText.parse(invalid) == nil, "\(invalid)") }
        #expect(DurationText.format(.milliseconds(90_250)) == "1m30s250ms")
        #expect(DurationText.format(.zero) == "0s")
    }

    @Test("docs/Configuration.md lists every key, its variable, default and meaning, as CanonConfiguration.keys does")
    func documented() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../docs/Configuration.md")
        let rows = try String(contentsOf: docs, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("| `") }.map(String.init)
        #expect(rows == CanonConfiguration.keys.map { "| `\($0.name)` | `\($0.environmentVariable)` | \($0.defaultValue) | \($0.meaning) |" })
    }
}

extension RedisConfigurationError {
    /// What `RedisConfiguration(url:)` says of `url`.
    static func message(ofURL url: String) throws -> String {
        do {
            _ = try RedisConfiguration(url: url)
        } catch {
            return (error as? RedisConfigurationError)?.message ?? "\(error)"
        }
        throw RedisConfigurationError("accepted")
    }
}
