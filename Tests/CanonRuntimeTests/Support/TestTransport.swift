import CanonRuntime
import Foundation

/// A transport that answers in process, for tests about a client rather than the wire (those
/// use `TinyHTTPServer` and the real `CurlTransport`): it records each request and answers as
/// its handler says. A streamed answer arrives in small chunks, so readers meet chunk borders.
final class TestTransport: HTTPTransport, @unchecked Sendable {
    /// A request as sent: method, URL, its path with query (as on the wire), header fields
    /// (names lowercased) and body.
    struct Request: Sendable {
        var method: String
        /// The whole URL.
        var url: String
        var path: String
        var headers: [String: String]
        var body: Data
    }

    /// Answers a request with a status and a body, or throws a ``TransportError`` for a failure
    /// below HTTP.
    typealias Handler = @Sendable (Request) throws -> (status: Int, body: Data)

    private let handler: Handler
    private let lock = NSLock()
    private var received: [Request] = []

    /// The requests so far, in order.
    var requests: [Request] { lock.lock(); defer { lock.unlock() }; return received }

    init(_ handler: @escaping Handler) { self.handler = handler }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let afterScheme = request.url.range(of: "://").map { request.url[$0.upperBound...] } ?? Substring(request.url)
        let path = afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) } ?? "/"
        var headers: [String: String] = [:]
        for header in request.headers { headers[header.name.lowercased()] = header.value }
        let recorded = Request(method: request.method, url: request.url, path: path, headers: headers, body: request.body ?? Data())
        lock.withLock { received.append(recorded) }
        let (status, body) = try handler(recorded)
        guard request.streamsResponse else { return HTTPResponse(status: status, body: HTTPBody(body)) }
        let chunks = stride(from: 0, to: body.count, by: 7).map { body[$0..<min($0 + 7, body.count)] }
        return HTTPResponse(status: status, body: HTTPBody(chunks: AsyncThrowingStream { continuation in
            for chunk in chunks { continuation.yield(Data(chunk)) }
            continuation.finish()
        }))
    }
}
