import Foundation

/// Records every Firestore call: a client span, `db.client.operation.duration`, counters of calls
/// and errors by status, and a log line carrying the request ID, all named after OpenTelemetry's
/// database-client conventions (`docs/Observability.md`). A call is what the caller made: the
/// first middleware of a ``FirestoreClient``'s chain, it sees one call however often it is retried.
public struct FirestoreTelemetryMiddleware: HTTPMiddleware {
    /// Where the records go.
    public let telemetry: Telemetry
    private let namespace: String
    private let server: (address: String, port: Int?)?

    /// A middleware recording calls to the database `configuration` names.
    public init(configuration: FirestoreConfiguration, telemetry: Telemetry = Telemetry()) {
        self.telemetry = telemetry
        namespace = configuration.projectID + "/" + configuration.databaseID
        let url = URLComponents(string: configuration.baseURL)
        server = url?.host.map { ($0, url?.port ?? (url?.scheme == "https" ? 443 : 80)) }
    }

    public func intercept(_ request: HTTPRequest, context: HTTPCallContext,
                          next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        let operation = DatabaseOperation(system: TelemetryNames.firestoreSystem, namespace: namespace, name: context.operation,
                                          collection: context.collection, server: server)
        return try await telemetry.observe(operation, classify: Self.outcome) {
            let response = try await next(request)
            guard !(200..<300).contains(response.status) else { return response }
            // An error answer is small; it is read here for its status and handed on whole.
            let body = try await response.body.collect()
            return HTTPResponse(status: response.status, headers: response.headers, body: HTTPBody(body))
        }
    }

    /// How a call ended: an error answer by its gRPC status name, a failure by what failed.
    static func outcome(_ result: Result<HTTPResponse, any Error>) -> OperationOutcome {
        switch result {
        case .success(let response) where (200..<300).contains(response.status):
            return .success
        case .success(let response):
            let status = response.body.bufferedData.flatMap { try? FirestoreJSON.status(from: $0).status }
                ?? GRPCStatus.name(forHTTPStatus: response.status)
            return .failure(errorType: status, statusCode: status)
        case .failure(let error):
            return .failure(errorType: errorType(of: error), statusCode: nil)
        }
    }

    /// `error.type` of a failure without an answer.
    static func errorType(of error: any Error) -> String {
        switch error {
        case let error as TransportError: error.kind
        case let error as FirestoreError:
            switch error {
            case .server(let status): status.status
            case .transport(let failure): failure.kind
            case .malformedResponse: "malformed_response"
            case .circuitOpen: "circuit_open"
            case .invalidWrite: "invalid_write"
            }
        case is CancellationError: "cancelled"
        default: String(describing: type(of: error))
        }
    }
}
