extension CanonConfiguration {
    /// Checks the whole configuration.
    ///
    /// - Throws: ``CanonConfigurationError`` with every problem, each naming its key and the
    ///   form expected; never quoting the Redis URL.
    public func validate() throws(CanonConfigurationError) {
        let problems = problemsFound()
        guard problems.isEmpty else { throw CanonConfigurationError(problems: problems) }
    }

    /// Every problem, in the order of ``keys``.
    func problemsFound() -> [CanonConfigurationError.Problem] {
        var problems: [CanonConfigurationError.Problem] = []
        func check(_ condition: Bool, _ key: String, _ message: @autoclosure () -> String) {
            if !condition { problems.append(.init(key: key, message: message())) }
        }
        func positive(_ duration: Duration, _ key: String) {
            check(duration > .zero, key, "expected a duration above zero, such as `250ms` or `30s`, got \(DurationText.format(duration))")
        }
        func atLeast(_ minimum: Int, _ value: Int, _ key: String) {
            check(value >= minimum, key, "expected a whole number of at least \(minimum), got \(value)")
        }

        if let project = firestore.projectID {
            check(!project.contains("/") && project.count <= 30, "firestore.project",
                  "expected a Google Cloud project ID (at most 30 characters, no `/`), got \"\(project)\"")
        } else {
            check(firestore.emulatorHost != nil, "firestore.project",
                  "required: the Google Cloud project ID (or set firestore.emulator-host to use an emulator)")
        }
        check(!firestore.databaseID.isEmpty && !firestore.databaseID.contains("/"), "firestore.database",
              "expected a database ID such as `(default)`, got \"\(firestore.databaseID)\"")
        if let host = firestore.emulatorHost {
            check(Self.isHostAndPort(host), "firestore.emulator-host", "expected `host:port` (no scheme), such as `127.0.0.1:8080`, got \"\(host)\"")
        }
        positive(firestore.requestTimeout, "firestore.request-timeout")
        atLeast(1, firestore.maximumAttempts, "firestore.retry.max-attempts")
        atLeast(1, firestore.pool.maximumConcurrentRequests, "firestore.pool.max-requests")
        positive(firestore.pool.acquireTimeout, "firestore.pool.acquire-timeout")
        atLeast(0, firestore.pool.maximumIdleHandles, "firestore.pool.max-idle")
        positive(firestore.pool.maximumIdleTime, "firestore.pool.idle-timeout")

        if let url = redis.url {
            do {
                _ = try RedisConfiguration(url: url)
            } catch {
                // RedisConfigurationError never quotes the password.
                problems.append(.init(key: "redis.url", message: (error as? RedisConfigurationError)?.message ?? "expected a redis:// or unix:// URL"))
            }
        }
        positive(redis.connectTimeout, "redis.connect-timeout")
        positive(redis.commandTimeout, "redis.command-timeout")
        atLeast(0, redis.pool.minimumConnections, "redis.pool.min-connections")
        atLeast(max(1, redis.pool.minimumConnections), redis.pool.maximumConnections, "redis.pool.max-connections")
        positive(redis.pool.acquireTimeout, "redis.pool.acquire-timeout")

        check(!(cache.enabled && cache.store == .redis && redis.url == nil), "cache.store", "`redis` needs redis.url")
        if let ttl = cache.maximumTTL { positive(ttl, "cache.max-ttl") }
        atLeast(1, cache.memoryMaximumEntries, "cache.memory.max-entries")
        atLeast(1, cache.memoryMaximumBytes, "cache.memory.max-bytes")

        let breaker = circuitBreakers.configuration
        check(breaker.failureRateThreshold > 0 && breaker.failureRateThreshold <= 1, "circuit-breaker.failure-rate",
              "expected a number above 0 and at most 1, got \(breaker.failureRateThreshold)")
        check(breaker.window >= .milliseconds(10), "circuit-breaker.window",
              "expected a duration of at least 10ms, such as `10s`, got \(DurationText.format(breaker.window))")
        atLeast(1, breaker.minimumCalls, "circuit-breaker.minimum-calls")
        positive(breaker.openDuration, "circuit-breaker.open-duration")
        atLeast(1, breaker.trialCalls, "circuit-breaker.trial-calls")

        positive(health.probeTimeout, "health.probe-timeout")
        positive(health.poolGaugeInterval, "health.pool-gauge-interval")
        return problems
    }

    /// `host:port`, the port from 1 to 65535, an IPv6 host in brackets.
    static func isHostAndPort(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65_535).contains(port) else {
            return false
        }
        let host = text[..<colon]
        guard !host.isEmpty, !host.contains("/") else { return false }
        if host.contains(":") { return host.hasPrefix("[") && host.hasSuffix("]") }
        return true
    }
}
