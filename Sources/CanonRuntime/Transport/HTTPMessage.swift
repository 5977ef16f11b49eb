import Foundation

/// An HTTP request for a transport.
public struct HTTPRequest: Sendable, Hashable {
    /// `GET`, `POST`, `PATCH`, `DELETE`, …
    public var method: String
    /// The absolute URL.
    public var url: String
    /// Header fields, in order.
    public var headers: [(name: String, value: String)]
    /// The body, if any.
    public var body: Data?
    /// How long the whole request may take.
    public var timeout: Duration

    /// Creates a request.
    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: Data? = nil,
                timeout: Duration = .seconds(30)) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value) && lhs.body == rhs.body && lhs.timeout == rhs.timeout
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(url)
        hasher.combine(body)
    }
}

/// An HTTP response.
public struct HTTPResponse: Sendable {
    /// The status code (0 for non-HTTP URLs such as `file:`).
    public var status: Int
    /// Header fields, in order, names as received.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: Data

    /// The first header of that name, compared without regard to case.
    public func header(_ name: String) -> String? { Self.value(of: name, in: headers) }

    /// The first value of a header field in `headers`, by case-insensitive name.
    static func value(of name: String, in headers: [(name: String, value: String)]) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// A failure below HTTP: the request got no response.
public enum TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request did not finish in time.
    case timeout(url: String)
    /// Nothing accepted the connection.
    case connectionRefused(url: String)
    /// The host name did not resolve.
    case unresolvedHost(url: String)
    /// TLS failed (certificate, handshake).
    case tls(url: String, message: String)
    /// No request slot came free within the acquire timeout.
    case poolExhausted(url: String)
    /// Anything else libcurl reports, with its code.
    case other(url: String, code: Int, message: String)

    public var description: String {
        switch self {
        case .timeout(let url): "request to \(url) timed out"
        case .connectionRefused(let url): "connection to \(url) refused"
        case .unresolvedHost(let url): "could not resolve the host of \(url)"
        case .tls(let url, let message): "TLS failed for \(url): \(message)"
        case .poolExhausted(let url): "no connection came free in time for \(url)"
        case .other(let url, let code, let message): "request to \(url) failed: \(message) (curl \(code))"
        }
    }
}
