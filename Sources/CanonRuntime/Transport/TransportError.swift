/// A failure below HTTP: the request got no response.
public enum TransportError: Error, Sendable, Hashable, CustomStringConvertible, CustomReflectable {
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
    /// The transport was shut down before the request was sent.
    case shutDown(url: String)
    /// Anything else libcurl reports, with its code.
    case other(url: String, code: Int, message: String)

    /// Says what failed and where, never with credentials a URL may carry (`user:password@`).
    public var description: String {
        switch redactingURL {
        case .timeout(let url): "request to \(url) timed out"
        case .connectionRefused(let url): "connection to \(url) refused"
        case .unresolvedHost(let url): "could not resolve the host of \(url)"
        case .tls(let url, let message): "TLS failed for \(url): \(message)"
        case .poolExhausted(let url): "no connection came free in time for \(url)"
        case .shutDown(let url): "the transport was shut down before the request to \(url)"
        case .other(let url, let code, let message): "request to \(url) failed: \(message) (curl \(code))"
        }
    }

    /// What `dump` and debuggers show: the description, never a URL's credentials.
    public var customMirror: Mirror { Mirror(self, children: ["error": description]) }

    /// The same failure with its URL's credentials removed.
    var redactingURL: TransportError {
        switch self {
        case .timeout(let url): .timeout(url: URLParts.redacted(url))
        case .connectionRefused(let url): .connectionRefused(url: URLParts.redacted(url))
        case .unresolvedHost(let url): .unresolvedHost(url: URLParts.redacted(url))
        case .tls(let url, let message): .tls(url: URLParts.redacted(url), message: message)
        case .poolExhausted(let url): .poolExhausted(url: URLParts.redacted(url))
        case .shutDown(let url): .shutDown(url: URLParts.redacted(url))
        case .other(let url, let code, let message): .other(url: URLParts.redacted(url), code: code, message: message)
        }
    }

    /// What failed, as telemetry's `error.type` names it.
    var kind: String {
        switch self {
        case .timeout: "timeout"
        case .connectionRefused: "connection_refused"
        case .unresolvedHost: "unresolved_host"
        case .tls: "tls"
        case .poolExhausted: "pool_exhausted"
        case .shutDown: "shut_down"
        case .other: "transport"
        }
    }
}
