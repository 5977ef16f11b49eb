import Foundation

/// A failure from Firestore: an error the server answered with (`google.rpc.Status`), or a
/// failure below HTTP (the request got no answer), kept distinct.
public enum FirestoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server answered with an error.
    case server(Status)
    /// No answer: timeout, refused connection, TLS, …
    case transport(TransportError)
    /// The answer could not be read.
    case malformedResponse(String)
    /// An open circuit breaker refused the call: it was never sent.
    case circuitOpen(CircuitOpenError)
    /// A write Firestore would refuse, refused before it was sent: a document over 1 MiB, values
    /// nested deeper than 20 levels, an array directly in an array, or a reserved or over-long
    /// map key. Nothing was sent.
    case invalidWrite(String)

    /// A `google.rpc.Status` as the REST API sends it: `{"error": {"code", "message", "status"}}`.
    public struct Status: Sendable, Hashable {
        /// The HTTP status code.
        public var code: Int
        /// What went wrong, from the server.
        public var message: String
        /// The gRPC status name, such as `NOT_FOUND` or `ABORTED`.
        public var status: String

        /// Creates a status.
        public init(code: Int, message: String, status: String) {
            self.code = code
            self.message = message
            self.status = status
        }
    }

    /// Reads an error response body; falls back to the HTTP status when the body is not a Status.
    public static func fromResponse(httpStatus: Int, body: Data) -> FirestoreError {
        if let status = try? FirestoreJSON.status(from: body) { return .server(status) }
        let text = String(decoding: body.prefix(512), as: UTF8.self)
        return .server(Status(code: httpStatus, message: text, status: GRPCStatus.name(forHTTPStatus: httpStatus)))
    }

    /// The gRPC status name, when the server answered.
    public var statusName: String? {
        if case .server(let status) = self { return status.status }
        return nil
    }

    public var description: String {
        switch self {
        case .server(let status): "Firestore \(status.status) (\(status.code)): \(status.message)"
        case .transport(let error): "Firestore unreachable: \(error)"
        case .malformedResponse(let message): "Firestore answered something unreadable: \(message)"
        case .circuitOpen(let error): "Firestore not called: \(error)"
        case .invalidWrite(let reason): "Firestore not called: \(reason)"
        }
    }

    /// Whether a write that failed with this error may still have been applied: the request may
    /// have reached Firestore and no answer says it was refused (a timeout, a dropped
    /// connection, `DEADLINE_EXCEEDED`, `INTERNAL`, `UNKNOWN`, an unreadable answer). Such an
    /// outcome is ambiguous: read the document to learn it. Every other failure of a write means
    /// it was not applied (`ABORTED`, `UNAVAILABLE`, `RESOURCE_EXHAUSTED`, every refusal, and
    /// every failure before sending).
    public var mayHaveBeenApplied: Bool {
        switch self {
        case .server(let status): ["DEADLINE_EXCEEDED", "INTERNAL", "UNKNOWN", "CANCELLED"].contains(status.status)
        case .transport(let failure):
            switch failure {
            case .connectionRefused, .unresolvedHost, .poolExhausted, .shutDown: false
            case .timeout, .tls, .other: true
            }
        case .malformedResponse: true
        case .circuitOpen, .invalidWrite: false
        }
    }
}

/// gRPC status names and the HTTP codes the REST API uses for them.
public enum GRPCStatus {
    /// The name Firestore's REST API gives an HTTP status when the body does not say.
    public static func name(forHTTPStatus status: Int) -> String {
        switch status {
        case 400: "INVALID_ARGUMENT"
        case 401: "UNAUTHENTICATED"
        case 403: "PERMISSION_DENIED"
        case 404: "NOT_FOUND"
        case 409: "ABORTED"
        case 429: "RESOURCE_EXHAUSTED"
        case 499: "CANCELLED"
        case 501: "UNIMPLEMENTED"
        case 503: "UNAVAILABLE"
        case 504: "DEADLINE_EXCEEDED"
        case 500...599: "INTERNAL"
        default: "UNKNOWN"
        }
    }
}
