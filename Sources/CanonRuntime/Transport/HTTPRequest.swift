import Foundation

/// An HTTP request for a transport. Printed or dumped, it shows no credentials: the values of
/// `Authorization`, `Proxy-Authorization` and `Cookie` and a URL's `user:password@` are hidden,
/// and the body is shown by its size.
public struct HTTPRequest: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
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
    /// Whether the response is handed over once its head has arrived, its body following in
    /// chunks (``HTTPBody``), rather than once it is complete.
    public var streamsResponse: Bool

    /// Creates a request.
    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: Data? = nil,
                timeout: Duration = .seconds(30), streamsResponse: Bool = false) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.streamsResponse = streamsResponse
    }

    /// The first value of a header field, by case-insensitive name.
    public func header(_ name: String) -> String? { HTTPResponse.value(of: name, in: headers) }

    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value) && lhs.body == rhs.body && lhs.timeout == rhs.timeout
            && lhs.streamsResponse == rhs.streamsResponse
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(url)
        hasher.combine(body)
    }

    /// Header fields whose values are credentials.
    static let secretHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie"]

    /// `GET https://host/path [Accept: application/json, Authorization: (redacted)] 12 bytes`.
    public var description: String {
        let fields = headers.map { "\($0.name): \(Self.secretHeaders.contains($0.name.lowercased()) ? "(redacted)" : $0.value)" }
        return "\(method) \(URLParts.redacted(url)) [\(fields.joined(separator: ", "))] \(body?.count ?? 0) bytes"
    }

    public var debugDescription: String { description }

    /// What `dump` and debuggers show: as ``description``, never a credential.
    public var customMirror: Mirror { Mirror(self, children: ["request": description]) }
}
