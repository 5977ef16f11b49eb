import Foundation
import Logging
import ServiceLifecycle

/// A service's persistence, built in one call from one ``CanonConfiguration``: the Firestore
/// client with its pool, retries and circuit breaker; Redis, if configured, with its own; the
/// read-through cache where the schemas and the configuration enable it; the health checker;
/// and the pool gauges. Generated libraries add a property per repository (`persistence.casefiles`,
/// `persistence.rateLimitWindows`), so a service writes no wiring code.
///
/// ```swift
/// let persistence = try CanonPersistence(configuration: try await .load(), schemas: [CanonSchemaSet.self])
/// let serviceGroup = ServiceGroup(services: [persistence, httpServer], logger: logger)
/// try await serviceGroup.run()
/// ```
///
/// It is a swift-service-lifecycle `Service`: ``run()`` records the pool gauges until a graceful
/// shutdown (or cancellation), then drains: new calls fail at once with a typed error
/// (``FirestoreError/transport(_:)`` of ``TransportError/shutDown(url:)``, ``RedisError/shutDown``)
/// while those in flight finish. Firestore's go first, writes with their cache invalidations, so
/// those still reach Redis; Redis is shut down after. (An invalidation that failed, and waits in
/// the cache's background retry, is not waited for: that entry may then stay in Redis its time
/// to live plus the load bound.) Outside a service group, call ``shutdown()`` before it goes away.
public final class CanonPersistence: Service, Sendable {
    /// What it was built from.
    public let configuration: CanonConfiguration
    /// Where every part records.
    public let telemetry: Telemetry
    /// The Firestore client every Firestore repository uses.
    public let firestore: FirestoreClient
    /// The Redis client, when ``CanonConfiguration/Redis/url`` is set.
    public let redis: RedisClient?
    /// The read-through cache, when enabled and some schema caches a collection.
    public let cache: FirestoreCache?
    /// Probes Firestore and Redis and reports their pools and breakers.
    public let health: HealthChecker
    /// Records the pools' counts while ``run()`` runs.
    public let poolGauges: PoolGauges
    private let lifecycle = Lifecycle()

    /// Builds every part from `configuration`, for the generated libraries whose schema sets
    /// are `schemas` (`[CanonSchemaSet.self]`). The Redis pool starts connecting in the background
    /// (to its minimum of connections); Firestore's connects on first use.
    ///
    /// - Throws: ``CanonConfigurationError`` when the configuration is invalid (every problem at
    ///   once), or the credentials it names cannot be read.
    public init(configuration: CanonConfiguration, schemas: [any GeneratedSchemaSet.Type], telemetry: Telemetry = Telemetry()) throws(CanonConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
        self.telemetry = telemetry
        let breakers = configuration.circuitBreakers
        func breaker(_ name: String) -> CircuitBreaker? {
            breakers.enabled ? CircuitBreaker(name: name, configuration: breakers.configuration, telemetry: telemetry) : nil
        }

        // Everything that can throw comes first: a client made and then dropped would leave its
        // thread running.
        let firestoreConfiguration = try Self.firestoreConfiguration(configuration.firestore)
        let redisConfiguration = try configuration.redis.url.map { url throws(CanonConfigurationError) in
            do {
                return try RedisConfiguration(url: url, connectTimeout: configuration.redis.connectTimeout,
                                              commandTimeout: configuration.redis.commandTimeout)
            } catch {
                throw CanonConfigurationError(problems: [.init(key: "redis.url", message: (error as? RedisConfigurationError)?.message ?? "expected a redis:// or unix:// URL")])
            }
        }
        let redis = redisConfiguration.map {
            RedisClient(configuration: $0, pool: configuration.redis.pool, telemetry: telemetry, circuitBreaker: breaker("redis"))
        }
        self.redis = redis

        let cached = schemas.flatMap { $0.cachedCollections }.map { Self.capped($0, at: configuration.cache.maximumTTL) }
        if configuration.cache.enabled, !cached.isEmpty {
            let store: any DocumentCache
            switch (configuration.cache.store, redis) {
            case (.redis, let redis?), (.automatic, let redis?):
                store = RedisCache(client: redis)
            default:
                store = InMemoryCache(maximumEntries: configuration.cache.memoryMaximumEntries, maximumBytes: configuration.cache.memoryMaximumBytes)
            }
            cache = FirestoreCache(cache: store, collections: cached, telemetry: telemetry)
        } else {
            cache = nil
        }

        firestore = FirestoreClient(configuration: firestoreConfiguration,
                                    transportConfiguration: configuration.firestore.pool, telemetry: telemetry,
                                    circuitBreaker: breaker("firestore"), cache: cache)
        health = HealthChecker(firestore: firestore, redis: redis, probeTimeout: configuration.health.probeTimeout)
        poolGauges = PoolGauges(firestore: firestore, redis: redis, telemetry: telemetry)
        telemetry.logger.debug("persistence configured", metadata: ["canon.configuration": .string(configuration.description)])
    }

    /// Where the container is in its life.
    public var state: LifecycleState { lifecycle.state }

    /// Records the pool gauges until a graceful shutdown or cancellation, then drains and shuts
    /// everything down (see ``shutdown()``).
    public func run() async throws {
        let gauges = Task { [poolGauges, configuration] in await poolGauges.run(every: configuration.health.poolGaugeInterval) }
        await withGracefulShutdownHandler {
            await lifecycle.run { await self.shutdown() }
        } onGracefulShutdown: {
            Task { await self.shutdown() }
        }
        gauges.cancel()
    }

    /// Stops taking calls and lets those in flight finish: Firestore's first (writes with their
    /// cache invalidations, which still reach Redis), then Redis's. New calls fail with the
    /// clients' typed shutdown errors. Returns once done; calling it again waits for the same end.
    public func shutdown() async {
        await lifecycle.shutDown {
            telemetry.logger.debug("persistence shutting down: draining calls in flight")
            await firestore.shutdown()
            await redis?.shutdown()
        }
    }

    /// The Firestore client's configuration: the emulator, a key file, or Application Default
    /// Credentials.
    static func firestoreConfiguration(_ settings: CanonConfiguration.Firestore) throws(CanonConfigurationError) -> FirestoreConfiguration {
        let retry = RetryPolicy(maximumAttempts: settings.maximumAttempts)
        if let host = settings.emulatorHost {
            return FirestoreConfiguration(projectID: settings.projectID ?? "demo", databaseID: settings.databaseID, baseURL: "http://\(host)",
                                          credentials: EmulatorCredentials(), retryPolicy: retry, requestTimeout: settings.requestTimeout)
        }
        let credentials: any AccessTokenProvider
        do {
            if let path = settings.credentialsFile {
                guard let data = FileManager.default.contents(atPath: path) else { throw CredentialsError("cannot read \(path)") }
                credentials = try ServiceAccountCredentials(json: data)
            } else {
                var environment = ProcessInfo.processInfo.environment
                environment["FIRESTORE_EMULATOR_HOST"] = nil  // the configuration decided: not the emulator
                credentials = try ApplicationDefaultCredentials.resolve(environment: environment)
            }
        } catch {
            let message = settings.credentialsFile == nil
                ? "not set, and Application Default Credentials failed: \(error) (set it to a service-account key file, or firestore.emulator-host)"
                : "cannot use the key file: \(error) (expected a service-account key in JSON)"
            throw CanonConfigurationError(problems: [.init(key: "firestore.credentials-file", message: message)])
        }
        return FirestoreConfiguration(projectID: settings.projectID ?? "", databaseID: settings.databaseID, credentials: credentials,
                                      retryPolicy: retry, requestTimeout: settings.requestTimeout)
    }

    /// `collection` with its times to live at most `cap`.
    static func capped(_ collection: CachedCollection, at cap: Duration?) -> CachedCollection {
        guard let cap else { return collection }
        var capped = collection
        capped.policy.ttl = min(capped.policy.ttl, cap)
        capped.policy.negativeTTL = capped.policy.negativeTTL.map { min($0, cap) }
        return capped
    }
}
