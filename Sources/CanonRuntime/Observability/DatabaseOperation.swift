/// One call to a database as telemetry describes it. Every value is bounded (a command or RPC
/// name, a collection ID, a database): never a document ID or a key, which would make a metric
/// dimension per document.
struct DatabaseOperation: Sendable {
    /// `db.system.name`: `gcp.firestore` or `redis`.
    var system: String
    /// `db.namespace`: the Firestore database (`project/database`) or the Redis database index.
    var namespace: String
    /// `db.operation.name`: `GetDocument`, `Commit`, `GET`, `PIPELINE`, …
    var name: String
    /// `db.collection.name`: the collection ID, or the Redis call's namespace, when there is one.
    var collection: String?
    /// `server.address` and `server.port`, spans only.
    var server: (address: String, port: Int?)?

    /// `db.client.connection.pool.name`: `firestore` or `redis`.
    var poolName: String { system == TelemetryNames.redisSystem ? "redis" : "firestore" }

    /// `{db.operation.name} {db.collection.name}`, as OpenTelemetry names database spans.
    var spanName: String { collection.map { "\(name) \($0)" } ?? name }

    /// The dimensions every metric of the call carries.
    var dimensions: [(String, String)] {
        var dimensions = [(TelemetryNames.system, system), (TelemetryNames.namespace, namespace), (TelemetryNames.operationName, name)]
        if let collection { dimensions.append((TelemetryNames.collection, collection)) }
        return dimensions
    }
}

/// How a call ended, as telemetry records it.
enum OperationOutcome: Sendable, Equatable {
    /// It succeeded.
    case success
    /// It failed: `errorType` is `error.type` (the status name when the database answered, else
    /// what failed: `timeout`, `circuit_open`, …), `statusCode` the database's answer, if any.
    case failure(errorType: String, statusCode: String?)
}
