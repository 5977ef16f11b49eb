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
}
