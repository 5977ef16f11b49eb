import Configuration
import Foundation

extension CanonConfiguration {
    /// Reads every key from `reader` (see ``keys``), keeping the default where a key is absent,
    /// then validates the whole.
    ///
    /// - Throws: ``CanonConfigurationError`` with every problem: values of the wrong form and
    ///   the failures of ``validate()``.
    public init(reader: ConfigReader) throws(CanonConfigurationError) {
        var reading = Reading(reader: reader)
        self.init()
        firestore.projectID = reading.string("firestore.project")
        firestore.databaseID = reading.string("firestore.database") ?? firestore.databaseID
        firestore.emulatorHost = reading.string("firestore.emulator-host")
        firestore.credentialsFile = reading.string("firestore.credentials-file")
        reading.duration("firestore.request-timeout", into: &firestore.requestTimeout)
        reading.int("firestore.retry.max-attempts", into: &firestore.maximumAttempts)
        reading.int("firestore.pool.max-requests", into: &firestore.pool.maximumConcurrentRequests)
        reading.duration("firestore.pool.acquire-timeout", into: &firestore.pool.acquireTimeout)
        reading.int("firestore.pool.max-idle", into: &firestore.pool.maximumIdleHandles)
        reading.duration("firestore.pool.idle-timeout", into: &firestore.pool.maximumIdleTime)
        redis.url = reading.string("redis.url", isSecret: true)
        reading.duration("redis.connect-timeout", into: &redis.connectTimeout)
        reading.duration("redis.command-timeout", into: &redis.commandTimeout)
        // Set as read: HiredisTransport.Configuration's initializer would clamp what validate() reports.
        reading.int("redis.pool.min-connections", into: &redis.pool.minimumConnections)
        reading.int("redis.pool.max-connections", into: &redis.pool.maximumConnections)
        reading.duration("redis.pool.acquire-timeout", into: &redis.pool.acquireTimeout)
        reading.bool("cache.enabled", into: &cache.enabled)
        if let store = reading.string("cache.store") {
            if let known = Cache.Store(rawValue: store) {
                cache.store = known
            } else {
                reading.problem("cache.store", "expected `auto`, `memory` or `redis`, got \"\(store)\"")
            }
        }
        if let text = reading.string("cache.max-ttl") { cache.maximumTTL = reading.parseDuration("cache.max-ttl", text) }
        reading.int("cache.memory.max-entries", into: &cache.memoryMaximumEntries)
        reading.int("cache.memory.max-bytes", into: &cache.memoryMaximumBytes)
        reading.bool("circuit-breaker.enabled", into: &circuitBreakers.enabled)
        reading.double("circuit-breaker.failure-rate", into: &circuitBreakers.configuration.failureRateThreshold)
        reading.duration("circuit-breaker.window", into: &circuitBreakers.configuration.window)
        reading.int("circuit-breaker.minimum-calls", into: &circuitBreakers.configuration.minimumCalls)
        reading.duration("circuit-breaker.open-duration", into: &circuitBreakers.configuration.openDuration)
        reading.int("circuit-breaker.trial-calls", into: &circuitBreakers.configuration.trialCalls)
        reading.duration("health.probe-timeout", into: &health.probeTimeout)
        reading.duration("health.pool-gauge-interval", into: &health.poolGaugeInterval)

        // A key of the wrong form was left at its default, which validate() would pass.
        let readProblems = reading.problems
        let unread = Set(readProblems.map(\.key))
        var problems = readProblems
        problems += problemsFound().filter { !unread.contains($0.key) }
        guard problems.isEmpty else {
            let order = Dictionary(uniqueKeysWithValues: Self.keys.enumerated().map { ($0.element.name, $0.offset) })
            throw CanonConfigurationError(problems: problems.sorted { order[$0.key, default: .max] < order[$1.key, default: .max] })
        }
    }

    /// Reads the configuration from environment variables (``Key/environmentVariable``) and,
    /// when given, a JSON file (`{"firestore": {"project": "…"}, "redis": {"url": "…"}}`); a
    /// variable that is set wins over the file.
    ///
    /// - Throws: ``CanonConfigurationError``: a file that cannot be read, and every problem
    ///   ``init(reader:)`` finds.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment,
                            jsonFile: String? = nil) async throws(CanonConfigurationError) -> CanonConfiguration {
        let secrets = Set(keys.filter(\.isSecret).map(\.environmentVariable))
        var providers: [any ConfigProvider] = [
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific(secrets))
        ]
        if let jsonFile {
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: .init(jsonFile)))
            } catch {
                // Not a key: the file itself. swift-configuration's error is not quoted, as it may
                // show the file's content.
                throw CanonConfigurationError(problems: [CanonConfigurationError.Problem(
                    key: jsonFile, message: "cannot read the file as a JSON object of configuration keys (missing, unreadable or not JSON)")])
            }
        }
        return try CanonConfiguration(reader: ConfigReader(providers: providers))
    }

    /// What reads keys and collects what is wrong with their values.
    private struct Reading {
        let reader: ConfigReader
        var problems: [CanonConfigurationError.Problem] = []

        mutating func problem(_ key: String, _ message: String) {
            problems.append(CanonConfigurationError.Problem(key: key, message: message))
        }

        /// Whether `key` holds a value of any kind (so a failed read means a wrong form).
        private func present(_ key: String) -> Bool {
            let configKey = ConfigKey(key)
            return reader.string(forKey: configKey, isSecret: true) != nil || reader.int(forKey: configKey) != nil
                || reader.double(forKey: configKey) != nil || reader.bool(forKey: configKey) != nil
                || reader.stringArray(forKey: configKey, isSecret: true) != nil || reader.intArray(forKey: configKey) != nil
                || reader.doubleArray(forKey: configKey) != nil || reader.boolArray(forKey: configKey) != nil
        }

        /// The value quoted for an error, unless it is a secret.
        private func quoted(_ key: String) -> String {
            guard let text = reader.string(forKey: ConfigKey(key), isSecret: true) else { return "" }
            return CanonConfiguration.keys.first { $0.name == key }?.isSecret == true ? "" : ", got \"\(text)\""
        }

        mutating func string(_ key: String, isSecret: Bool = false) -> String? {
            if let value = reader.string(forKey: ConfigKey(key), isSecret: isSecret) {
                guard !value.isEmpty else { return nil }
                return value
            }
            if present(key) { problem(key, "expected text") }
            return nil
        }

        /// Whether `key` is set to the empty text, which counts as unset for every kind of key.
        private func empty(_ key: String) -> Bool { reader.string(forKey: ConfigKey(key), isSecret: true)?.isEmpty == true }

        /// Sets `value` from `key` as `read` finds it; a value there that `read` cannot take is a
        /// problem saying what was `expected`.
        private mutating func scalar<Value>(_ key: String, into value: inout Value, expected: String, _ read: (ConfigKey) -> Value?) {
            guard !empty(key) else { return }
            if let found = read(ConfigKey(key)) { value = found } else if present(key) { problem(key, expected + quoted(key)) }
        }

        mutating func int(_ key: String, into value: inout Int) {
            scalar(key, into: &value, expected: "expected a whole number") { [reader] in reader.int(forKey: $0) }
        }

        mutating func double(_ key: String, into value: inout Double) {
            scalar(key, into: &value, expected: "expected a number such as 0.5") { [reader] in
                reader.double(forKey: $0) ?? reader.int(forKey: $0).map(Double.init)
            }
        }

        mutating func bool(_ key: String, into value: inout Bool) {
            scalar(key, into: &value, expected: "expected `true` or `false`") { [reader] in reader.bool(forKey: $0) }
        }

        mutating func duration(_ key: String, into value: inout Duration) {
            guard !empty(key) else { return }
            guard let text = reader.string(forKey: ConfigKey(key)) else {
                if present(key) { problem(key, "expected a duration such as `250ms`, `30s` or `1m30s`\(quoted(key))") }
                return
            }
            if let parsed = parseDuration(key, text) { value = parsed }
        }

        mutating func parseDuration(_ key: String, _ text: String) -> Duration? {
            guard let duration = DurationText.parse(text) else {
                problem(key, "expected a duration such as `250ms`, `30s` or `1m30s`, got \"\(text)\"")
                return nil
            }
            return duration
        }
    }
}
