/// An HTTP request as the API layer sees it, free of the HTTP stack's types.
public struct APIRequest: Sendable {
    /// `GET`, `POST`, `PATCH`, `DELETE`, …
    public var method: String
    /// The path as sent, percent-encoded.
    public var path: String
    /// The query string's pairs, decoded, in order.
    public var query: [(name: String, value: String)]
    /// The body's bytes.
    public var body: [UInt8]
    /// When the server must have handled the request, from the `X-Server-Timeout` system
    /// parameter (seconds) counted from its arrival; nil for no deadline.
    public var deadline: ContinuousClock.Instant?

    /// A request.
    public init(method: String, path: String, query: [(name: String, value: String)] = [], body: [UInt8] = [],
                deadline: ContinuousClock.Instant? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.deadline = deadline
    }

    /// The deadline of the request being handled, for the store's check under its lock.
    @TaskLocal package static var currentDeadline: ContinuousClock.Instant?

    /// The deadline an `X-Server-Timeout` value sets for a request arriving `now`; nil for a
    /// value that is not a positive number of seconds.
    public static func deadline(serverTimeout value: String?, now: ContinuousClock.Instant = .now) -> ContinuousClock.Instant? {
        guard let value, let seconds = Double(value), seconds > 0, seconds < 86_400 else { return nil }
        return now + .nanoseconds(Int64(seconds * 1e9))
    }

    /// Splits `a=1&b=2` into decoded pairs.
    public static func parseQuery(_ text: String?) -> [(name: String, value: String)] {
        guard let text, !text.isEmpty else { return [] }
        return text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (percentDecode(String(parts[0]), plusIsSpace: true), percentDecode(parts.count > 1 ? String(parts[1]) : "", plusIsSpace: true))
        }
    }

    static func percentDecode(_ text: String, plusIsSpace: Bool = false) -> String {
        guard text.contains("%") || (plusIsSpace && text.contains("+")) else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else if plusIsSpace, byte == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func values(_ name: String) -> [String] { query.filter { $0.name == name }.map(\.value) }
    func value(_ name: String) -> String? { query.last { $0.name == name }?.value }
}

/// Which method of the API a request calls.
enum Route: Equatable {
    case get(name: String)
    case listDocuments(parent: String, collectionID: String)
    case createDocument(parent: String, collectionID: String)
    case patch(name: String)
    case delete(name: String)
    /// A custom method (`…/documents:commit`, `…:runQuery`) on a database or parent.
    case custom(resource: String, verb: String)
    case resetDatabase(project: String, database: String)
    case faults
    case unimplemented(String)
    /// A path that names no resource Firestore could hold.
    case invalid(String)
    case notFound

    /// The RPC name, as fault rules name methods.
    var methodName: String {
        switch self {
        case .get: "get"
        case .listDocuments: "listDocuments"
        case .createDocument: "createDocument"
        case .patch: "patch"
        case .delete: "delete"
        case .custom(_, let verb): verb
        case .resetDatabase: "reset"
        case .faults: "faults"
        case .unimplemented, .invalid, .notFound: "unknown"
        }
    }

    static let verbs: Set<String> = ["batchGet", "commit", "beginTransaction", "rollback", "runQuery", "runAggregationQuery",
                                     "listCollectionIds", "batchWrite", "partitionQuery", "listen", "write", "executePipeline"]

    static func resolve(method: String, path: String) -> Route {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        if segments.last == "" { segments.removeLast() }
        if segments.first == "canon", segments.count == 3, segments[1] == "v1", segments[2] == "faults" { return .faults }
        if segments.first == "emulator" {
            let rest = segments.dropFirst().map { APIRequest.percentDecode($0) }
            if method == "DELETE", rest.count == 6, rest[0] == "v1", rest[1] == "projects", rest[3] == "databases", rest[5] == "documents" {
                return .resetDatabase(project: rest[2], database: rest[4])
            }
            return .notFound
        }
        guard segments.first == "v1", segments.count >= 2 else { return .notFound }
        var rest = Array(segments.dropFirst())
        var verb: String?
        if method == "POST", let last = rest.last, let colon = last.lastIndex(of: ":") {
            let candidate = String(last[last.index(after: colon)...])
            if verbs.contains(candidate) {
                verb = candidate
                rest[rest.count - 1] = String(last[..<colon])
            }
        }
        let decoded = rest.map { APIRequest.percentDecode($0) }
        // The resource name is the decoded segments joined again, so an encoded `/` would move a
        // document into another collection (`rooms/a%2Fb%2Fc` to `rooms/a/b/c`): no ID has one.
        if let bad = decoded.first(where: { $0.contains("/") }) {
            return .invalid("Resource ID \"\(bad)\" contains a \"/\"; IDs cannot.")
        }
        let resource = decoded.joined(separator: "/")
        guard decoded.count >= 4, decoded[0] == "projects", decoded[2] == "databases" else { return .notFound }
        guard decoded.count >= 5, decoded[4] == "documents" else {
            return .unimplemented("\(method) \(path) (administration of databases, indexes and fields)")
        }
        // Segments after `documents`: even for the root and documents, odd for collections.
        let depth = decoded.count - 5
        if let verb { return .custom(resource: resource, verb: verb) }
        switch method {
        case "GET":
            if depth % 2 == 1 {
                return .listDocuments(parent: decoded.dropLast().joined(separator: "/"), collectionID: decoded.last!)
            }
            return depth == 0 ? .notFound : .get(name: resource)
        case "POST":
            if depth % 2 == 1 {
                return .createDocument(parent: decoded.dropLast().joined(separator: "/"), collectionID: decoded.last!)
            }
            return .notFound
        case "PATCH":
            return depth > 0 && depth % 2 == 0 ? .patch(name: resource) : .notFound
        case "DELETE":
            return depth > 0 && depth % 2 == 0 ? .delete(name: resource) : .notFound
        default:
            return .notFound
        }
    }
}
