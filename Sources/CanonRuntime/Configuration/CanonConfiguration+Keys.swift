extension CanonConfiguration {
    /// One configuration key: what `docs/Configuration.md` lists (a test keeps the two equal).
    public struct Key: Sendable, Hashable {
        /// The key, dotted: `redis.pool.max-connections`.
        public var name: String
        /// Its default, as written in configuration; `—` when there is none.
        public var defaultValue: String
        /// What it sets.
        public var meaning: String
        /// Whether its value is a secret, never printed.
        public var isSecret = false

        /// The environment variable it is read from.
        public var environmentVariable: String { CanonConfiguration.environmentVariable(for: name) }
    }

    /// The environment variable of a key, as swift-configuration's environment provider maps
    /// it: uppercased, with `.` and `-` as `_`.
    public static func environmentVariable(for key: String) -> String {
        String(key.uppercased().map { $0 == "." || $0 == "-" ? "_" : $0 })
    }

    /// Every key, in the order of `docs/Configuration.md`.
    public static let keys: [Key] = [
        Key(name: "firestore.project", defaultValue: "— (`demo` with an emulator host)",
            meaning: "The Google Cloud project ID; required unless `firestore.emulator-host` is set."),
        Key(name: "firestore.database", defaultValue: "`(default)`", meaning: "The Firestore database ID."),
        Key(name: "firestore.emulator-host", defaultValue: "—",
            meaning: "`host:port` of the Firestore emulator or the local server: plain HTTP, no credentials."),
        Key(name: "firestore.credentials-file", defaultValue: "— (Application Default Credentials)",
            meaning: "Path to a service-account key file (JSON); without it, Application Default Credentials: `GOOGLE_APPLICATION_CREDENTIALS`, gcloud's default file, then the metadata server."),
        Key(name: "firestore.request-timeout", defaultValue: "`30s`", meaning: "How long one HTTP request may take."),
        Key(name: "firestore.retry.max-attempts", defaultValue: "`5`", meaning: "Attempts per call, the first included, for what is safe to retry."),
        Key(name: "firestore.pool.max-requests", defaultValue: "`32`", meaning: "HTTP requests in flight at once, for the process."),
        Key(name: "firestore.pool.acquire-timeout", defaultValue: "`10s`", meaning: "How long a request may wait for a free slot."),
        Key(name: "firestore.pool.max-idle", defaultValue: "`8`", meaning: "Connections kept open for reuse."),
        Key(name: "firestore.pool.idle-timeout", defaultValue: "`60s`", meaning: "How long an unused connection is kept."),
        Key(name: "redis.url", defaultValue: "— (no Redis)",
            meaning: "`redis://[[user]:password@]host[:port][/db]` or `unix://…`: the Redis server. A secret: never printed.",
            isSecret: true),
        Key(name: "redis.connect-timeout", defaultValue: "`1s`", meaning: "How long making a connection may take."),
        Key(name: "redis.command-timeout", defaultValue: "`250ms`", meaning: "How long a call may wait for its replies."),
        Key(name: "redis.pool.min-connections", defaultValue: "`1`", meaning: "Connections kept open, even when idle."),
        Key(name: "redis.pool.max-connections", defaultValue: "`8`", meaning: "Connections at most, for the process."),
        Key(name: "redis.pool.acquire-timeout", defaultValue: "`100ms`", meaning: "How long a call may wait for room on a connection."),
        Key(name: "cache.enabled", defaultValue: "`true`", meaning: "Whether collections the schemas mark `cache:` are cached."),
        Key(name: "cache.store", defaultValue: "`auto`",
            meaning: "`auto` (Redis when `redis.url` is set, else memory), `memory` or `redis`."),
        Key(name: "cache.max-ttl", defaultValue: "— (the schemas' TTLs)",
            meaning: "The longest any entry may live, whatever its schema says (misses too)."),
        Key(name: "cache.memory.max-entries", defaultValue: "`10000`", meaning: "The in-memory cache's bound on entries."),
        Key(name: "cache.memory.max-bytes", defaultValue: "`67108864`", meaning: "The in-memory cache's bound on bytes (64 MiB)."),
        Key(name: "circuit-breaker.enabled", defaultValue: "`true`", meaning: "Whether the Firestore and Redis clients have circuit breakers."),
        Key(name: "circuit-breaker.failure-rate", defaultValue: "`0.5`", meaning: "The share of failed calls in the window, above 0 and at most 1, at which a breaker opens."),
        Key(name: "circuit-breaker.window", defaultValue: "`10s`", meaning: "How far back calls count (at least `10ms`)."),
        Key(name: "circuit-breaker.minimum-calls", defaultValue: "`20`", meaning: "Calls that must have ended in the window before a breaker may open."),
        Key(name: "circuit-breaker.open-duration", defaultValue: "`5s`", meaning: "How long an open breaker refuses calls before trying again."),
        Key(name: "circuit-breaker.trial-calls", defaultValue: "`3`", meaning: "Trial calls a half-open breaker lets through; all must succeed for it to close."),
        Key(name: "health.probe-timeout", defaultValue: "`1s`", meaning: "How long a health probe may take before it counts as failed."),
        Key(name: "health.pool-gauge-interval", defaultValue: "`10s`", meaning: "How often the pools' gauges are recorded."),
    ]
}
