// How a service configures the runtime, as the article "Configuring the runtime" shows it.
// Compiled by `swift build`; never run (it would need credentials and a server).
import CanonRuntime
import CanonicalModels
import Foundation

// snippet.environment
// FIRESTORE_EMULATOR_HOST set: that emulator (or `canon-firestore`), plain HTTP, `Bearer owner`.
// Unset: production, with Application Default Credentials.
let configuration = try FirestoreConfiguration.fromEnvironment(projectID: "casefile-service")
// snippet.end

// snippet.explicit
let key = try Data(contentsOf: URL(fileURLWithPath: "/run/secrets/firestore-key.json"))
let production = FirestoreConfiguration(
    projectID: "casefile-service",
    databaseID: "casefiles-eu",
    credentials: try ServiceAccountCredentials(json: key),
    retryPolicy: RetryPolicy(maximumAttempts: 4, initialBackoff: .milliseconds(50), maximumBackoff: .seconds(2)),
    requestTimeout: .seconds(5))
// snippet.end

// snippet.client
// One client per process: it owns a libcurl transport with kept-alive connections.
let client = FirestoreClient(
    configuration: production,
    transportConfiguration: CurlTransport.Configuration(
        maximumConcurrentRequests: 64,
        acquireTimeout: .seconds(2),
        maximumIdleHandles: 16,
        maximumIdleTime: .seconds(30)))
let casefiles = CasefilesRepository(client: client)
// snippet.end
_ = (configuration, casefiles)

// snippet.cache
// The cache in front of Firestore for the collections whose schemas enable `cache:`: in Redis,
// or without REDIS_URL in this process's memory (bounded by entries and bytes).
let redis = try ProcessInfo.processInfo.environment["REDIS_URL"].map { RedisClient(configuration: try RedisConfiguration(url: $0)) }
let storage: any DocumentCache = redis.map { RedisCache(client: $0) } ?? InMemoryCache(maximumEntries: 10_000, maximumBytes: 64 << 20)
let cachedClient = FirestoreClient(configuration: configuration,
                                   cache: FirestoreCache(cache: storage, collections: CanonSchemaSet.cachedCollections))
let users = UserContextsRepository(client: cachedClient)  // get reads through the cache
// snippet.end
_ = users

// snippet.shutdown
// Shut the client down before it goes away: requests in flight finish, then its thread stops.
await client.shutdown()
await cachedClient.shutdown()
await redis?.shutdown()
// snippet.end
