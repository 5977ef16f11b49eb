import Foundation

/// An HTTP response.
public struct HTTPResponse: Sendable {
    /// The status code (0 for non-HTTP URLs such as `file:`).
    public var status: Int
    /// Header fields, in order, names as received.
    public var headers: [(name: String, value: String)]
    /// The body, whole or arriving.
    public var body: HTTPBody

    /// Creates a response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: HTTPBody = HTTPBody(Data())) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header of that name, compared without regard to case.
    public func header(_ name: String) -> String? { Self.value(of: name, in: headers) }

    /// The first value of a header field in `headers`, by case-insensitive name.
    static func value(of name: String, in headers: [(name: String, value: String)]) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
