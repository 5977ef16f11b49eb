/// Everything the persistence layer needs to know about its environment: where Firestore and
/// Redis are and how to reach them, the pools' sizes and timeouts, the cache, the circuit
/// breakers and the health probes.
///
/// Build it in code, or read it from the environment and files through swift-configuration
/// (``init(reader:)``, ``load(environment:jsonFile:)``); `docs/Configuration.md` lists every key,
/// its environment variable, its default and its meaning. ``validate()`` checks it whole and
/// reports every problem at once, naming the key and the form expected; the persistence
/// container validates it before it starts anything. Secrets (the Redis URL's password) never
/// appear in ``description`` or in errors.
public struct CanonConfiguration: Sendable, CustomStringConvertible {
    /// Where Firestore is and how to reach it.
    public struct Firestore: Sendable, Hashable {
        /// The Google Cloud project (`firestore.project`); required unless ``emulatorHost`` is set,
        /// where it defaults to `demo`.
        public var projectID: String?
        /// The database (`firestore.database`).
        public var databaseID = "(default)"
        /// `host:port` of an emulator or the local server (`firestore.emulator-host`,
        /// `FIRESTORE_EMULATOR_HOST`): plain HTTP, no credentials.
        public var emulatorHost: String?
        /// A service-account key file (`firestore.credentials-file`); without it, Application
        /// Default Credentials.
        public var credentialsFile: String?
        /// How long one HTTP request may take (`firestore.request-timeout`).
        public var requestTimeout: Duration = .seconds(30)
        /// Attempts per call, the first included (`firestore.retry.max-attempts`).
        public var maximumAttempts = 5
        /// The HTTP pool (`firestore.pool.*`).
        public var pool = CurlTransport.Configuration()

        /// Defaults throughout.
        public init() {}
    }

    /// Where Redis is, if anywhere. Printed or dumped, it hides the URL's password.
    public struct Redis: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        /// `redis://…` or `unix://…` (`redis.url`, `REDIS_URL`); nil for no Redis. A secret: it
        /// may hold a password.
        public var url: String?
        /// How long connecting may take (`redis.connect-timeout`).
        public var connectTimeout: Duration = .seconds(1)
        /// How long a call may wait for its replies (`redis.command-timeout`).
        public var commandTimeout: Duration = .milliseconds(250)
        /// The connection pool (`redis.pool.*`).
        public var pool = HiredisTransport.Configuration()

        /// Defaults throughout.
        public init() {}

        /// The endpoint, user and database, the password hidden.
        public var description: String {
            url.map { url in (try? RedisConfiguration(url: url).description) ?? "redis (an unreadable URL)" } ?? "no redis"
        }

        /// As ``description``.
        public var debugDescription: String { description }

        /// What `dump` and debuggers show: the URL as ``description``, never the password.
        public var customMirror: Mirror {
            Mirror(self, children: ["url": description, "connectTimeout": connectTimeout, "commandTimeout": commandTimeout, "pool": pool])
        }
    }

    /// The read-through cache in front of Firestore.
    public struct Cache: Sendable, Hashable {
        /// Where entries live.
        public enum Store: String, Sendable, Hashable, CaseIterable {
            /// Redis when ``Redis/url`` is set, else memory.
            case automatic = "auto"
            /// In this process (``InMemoryCache``).
            case memory
            /// In Redis (``RedisCache``); needs ``Redis/url``.
            case redis
        }

        /// Whether collections the schemas mark `cache:` are cached (`cache.enabled`).
        public var enabled = true
        /// Where entries live (`cache.store`).
        public var store = Store.automatic
        /// The longest any entry may live (`cache.max-ttl`), whatever its schema says; nil for the
        /// schemas' TTLs.
        public var maximumTTL: Duration?
        /// The in-memory cache's bounds (`cache.memory.max-entries`, `cache.memory.max-bytes`).
        public var memoryMaximumEntries = 10_000
        /// See ``memoryMaximumEntries``.
        public var memoryMaximumBytes = 64 << 20

        /// Defaults throughout.
        public init() {}
    }

    /// The circuit breakers around Firestore and Redis.
    public struct CircuitBreakers: Sendable, Hashable {
        /// Whether the clients have breakers (`circuit-breaker.enabled`).
        public var enabled = true
        /// When each opens and how it recovers (`circuit-breaker.*`).
        public var configuration = CircuitBreaker.Configuration()

        /// Defaults throughout.
        public init() {}
    }

    /// The health checker and the pool gauges.
    public struct Health: Sendable, Hashable {
        /// How long a probe may take (`health.probe-timeout`).
        public var probeTimeout: Duration = .seconds(1)
        /// How often the pools' gauges are recorded (`health.pool-gauge-interval`).
        public var poolGaugeInterval: Duration = .seconds(10)

        /// Defaults throughout.
        public init() {}
    }

    /// Firestore.
    public var firestore = Firestore()
    /// Redis.
    public var redis = Redis()
    /// The cache.
    public var cache = Cache()
    /// The circuit breakers.
    public var circuitBreakers = CircuitBreakers()
    /// Health and gauges.
    public var health = Health()

    /// Defaults throughout: set at least ``Firestore/projectID`` or ``Firestore/emulatorHost``.
    public init() {}

    /// Firestore at an emulator or the local server (`host:port`), project `demo`, the cache in
    /// memory, no Redis: what a test or a development run needs, in one line.
    public static func emulator(_ host: String, projectID: String = "demo") -> CanonConfiguration {
        var configuration = CanonConfiguration()
        configuration.firestore.emulatorHost = host
        configuration.firestore.projectID = projectID
        configuration.cache.store = .memory
        return configuration
    }

    /// The configuration in one line per part, with the Redis password hidden.
    public var description: String {
        let redisText = redis.description
        let firestoreText = firestore.emulatorHost.map { "emulator \($0)" } ?? "production, " + (firestore.credentialsFile.map { _ in "key file" } ?? "default credentials")
        return """
            firestore: project \(firestore.projectID ?? "demo") database \(firestore.databaseID), \(firestoreText); \
            redis: \(redisText); cache: \(cache.enabled ? cache.store.rawValue : "off"); \
            circuit breakers: \(circuitBreakers.enabled ? "on" : "off")
            """
    }
}
