/// Records every Redis call: a client span, `db.client.operation.duration`, counters of calls
/// and errors, and a log line carrying the request ID, named after OpenTelemetry's
/// database-client conventions (`docs/Observability.md`). A pipeline is one call
/// (`PIPELINE`); it failed if any of its commands got an error reply, under the first one's code.
public struct RedisTelemetryMiddleware: RedisMiddleware {
    /// Where the records go.
    public let telemetry: Telemetry
    private let namespace: String
    private let server: (address: String, port: Int?)

    /// A middleware recording calls to the server `configuration` names.
    public init(configuration: RedisConfiguration, telemetry: Telemetry = Telemetry()) {
        self.telemetry = telemetry
        namespace = String(configuration.database)
        switch configuration.endpoint {
        case .tcp(let host, let port): server = (host, port)
        case .unixSocket(let path): server = (path, nil)
        }
    }

    public func intercept(_ commands: [RedisCommand], context: RedisCallContext,
                          next: @Sendable ([RedisCommand], RedisCallContext) async throws -> [Result<RedisReply, RedisError>])
        async throws -> [Result<RedisReply, RedisError>] {
        let operation = DatabaseOperation(system: TelemetryNames.redisSystem, namespace: namespace, name: context.operation,
                                          collection: context.namespace, server: server)
        return try await telemetry.observe(operation, classify: Self.outcome) {
            try await next(commands, context)
        }
    }

    /// How a call ended: by its first error reply's code, or by what failed.
    static func outcome(_ result: Result<[Result<RedisReply, RedisError>], any Error>) -> OperationOutcome {
        switch result {
        case .success(let replies):
            for case .failure(let error) in replies {
                if case .server(let reply) = error { return .failure(errorType: code(reply), statusCode: code(reply)) }
                return .failure(errorType: errorType(of: error), statusCode: nil)
            }
            return .success
        case .failure(let error):
            if case RedisError.server(let reply) = error { return .failure(errorType: code(reply), statusCode: code(reply)) }
            return .failure(errorType: errorType(of: error), statusCode: nil)
        }
    }

    /// An error reply's code as a dimension: Redis's are short capitals (`WRONGTYPE`); anything
    /// else (a script may fail with any text) is `ERR`, so no reply text becomes a dimension.
    static func code(_ reply: RedisServerError) -> String {
        let code = reply.code
        guard (1...32).contains(code.utf8.count), code.utf8.allSatisfy({ (65...90).contains($0) || $0 == 95 }) else { return "ERR" }
        return code
    }

    /// `error.type` of a failure without an answer.
    static func errorType(of error: any Error) -> String {
        switch error {
        case let error as RedisError:
            switch error {
            case .server(let reply): code(reply)
            case .replyTimedOut: "timeout"
            case .connectionBroken: "connection_broken"
            case .unavailable: "unavailable"
            case .poolExhausted: "pool_exhausted"
            case .protocolViolation: "protocol_violation"
            case .shutDown: "shut_down"
            case .circuitOpen: "circuit_open"
            }
        case is CancellationError: "cancelled"
        default: String(describing: type(of: error))
        }
    }
}
