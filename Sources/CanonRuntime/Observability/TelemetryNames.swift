/// The names the runtime records under: OpenTelemetry's database-client conventions where they
/// have one, and `canon.` where they have none. `docs/Observability.md` lists them.
enum TelemetryNames {
    // Metrics of OpenTelemetry's conventions.
    /// Histogram (a swift-metrics `Timer`) of each operation's duration.
    static let operationDuration = "db.client.operation.duration"
    /// Gauge of a pool's connections, by `db.client.connection.state`.
    static let connectionCount = "db.client.connection.count"
    /// Gauge of calls waiting for a connection.
    static let pendingRequests = "db.client.connection.pending_requests"
    /// Counter of calls that found no connection in time.
    static let connectionTimeouts = "db.client.connection.timeouts"

    // Metrics of Canon's own.
    /// Counter of operations.
    static let operations = "canon.db.client.operations"
    /// Counter of failed operations, by `error.type`.
    static let operationErrors = "canon.db.client.operation.errors"
    /// Counter of cache lookups, by `canon.cache.result`.
    static let cacheRequests = "canon.cache.requests"
    /// Counter of circuit breakers' state changes, by `canon.circuit_breaker.state`.
    static let breakerTransitions = "canon.circuit_breaker.transitions"
    /// Counter of calls an open circuit breaker refused.
    static let breakerRejections = "canon.circuit_breaker.rejections"

    // Attributes of OpenTelemetry's conventions (metric dimensions and span attributes).
    static let system = "db.system.name"
    static let namespace = "db.namespace"
    static let operationName = "db.operation.name"
    static let collection = "db.collection.name"
    static let statusCode = "db.response.status_code"
    static let errorType = "error.type"
    static let serverAddress = "server.address"
    static let serverPort = "server.port"
    static let connectionState = "db.client.connection.state"
    static let poolName = "db.client.connection.pool.name"

    // Attributes of Canon's own.
    static let cacheResult = "canon.cache.result"
    static let breakerName = "canon.circuit_breaker.name"
    static let breakerState = "canon.circuit_breaker.state"

    // Log metadata keys: prefixed, so they never collide with a service's own.
    static let logRequestID = "canon.request_id"
    static let logSystem = "canon.db.system"
    static let logOperation = "canon.db.operation"
    static let logCollection = "canon.db.collection"
    static let logDuration = "canon.duration_ms"
    static let logError = "canon.error"
    static let logBreaker = "canon.circuit_breaker"

    // db.system.name values: `redis` is OpenTelemetry's; Firestore has none, so `gcp.firestore`,
    // after `gcp.spanner`.
    static let firestoreSystem = "gcp.firestore"
    static let redisSystem = "redis"
}
