/// A `google.rpc.Code` with the HTTP status Google's REST gateway maps it to.
public enum RPCCode: String, Sendable, Hashable, CaseIterable, Codable {
    case cancelled = "CANCELLED"
    case unknown = "UNKNOWN"
    case invalidArgument = "INVALID_ARGUMENT"
    case deadlineExceeded = "DEADLINE_EXCEEDED"
    case notFound = "NOT_FOUND"
    case alreadyExists = "ALREADY_EXISTS"
    case permissionDenied = "PERMISSION_DENIED"
    case resourceExhausted = "RESOURCE_EXHAUSTED"
    case failedPrecondition = "FAILED_PRECONDITION"
    case aborted = "ABORTED"
    case outOfRange = "OUT_OF_RANGE"
    case unimplemented = "UNIMPLEMENTED"
    case `internal` = "INTERNAL"
    case unavailable = "UNAVAILABLE"
    case dataLoss = "DATA_LOSS"
    case unauthenticated = "UNAUTHENTICATED"

    /// The HTTP status of `google/rpc/code.proto`'s mapping.
    public var httpStatus: Int {
        switch self {
        case .cancelled: 499
        case .unknown, .internal, .dataLoss: 500
        case .invalidArgument, .failedPrecondition, .outOfRange: 400
        case .deadlineExceeded: 504
        case .notFound: 404
        case .alreadyExists, .aborted: 409
        case .permissionDenied: 403
        case .resourceExhausted: 429
        case .unimplemented: 501
        case .unavailable: 503
        case .unauthenticated: 401
        }
    }
}

/// An error the server answers with, as `{"error": {"code", "message", "status"}}`.
struct RPCError: Error, Sendable {
    var code: RPCCode
    var message: String

    init(_ code: RPCCode, _ message: String) {
        self.code = code
        self.message = message
    }

    static func invalid(_ message: String) -> RPCError { RPCError(.invalidArgument, message) }
    static func unimplemented(_ what: String) -> RPCError {
        RPCError(.unimplemented, "\(what) is not implemented by the local Firestore server (see docs/LocalFirestore.md).")
    }

    /// The `google.rpc.Status` body.
    var body: [UInt8] {
        var writer = JSONWriter()
        writer.json(.object([("error", .object([
            ("code", .number(String(code.httpStatus))),
            ("message", .string(message)),
            ("status", .string(code.rawValue)),
        ]))]))
        return writer.bytes
    }
}
