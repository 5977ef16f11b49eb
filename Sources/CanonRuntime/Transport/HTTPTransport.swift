/// Sends HTTP requests: the seam below every client of the runtime. ``CurlTransport`` is the
/// one the runtime ships; tests about a client rather than the wire use one of their own.
///
/// A failure below HTTP (no answer) is thrown as a ``TransportError``; every answer, whatever
/// its status, is returned.
public protocol HTTPTransport: Sendable {
    /// Sends a request. With ``HTTPRequest/streamsResponse`` the response returns once its head
    /// has arrived and its body follows as it arrives; otherwise once it is complete.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse

    /// An executor on which tasks make their requests without thread hand-offs, if the
    /// transport has one (see ``CurlTransport/taskExecutor``).
    var taskExecutor: (any TaskExecutor)? { get }
}

extension HTTPTransport {
    public var taskExecutor: (any TaskExecutor)? { nil }
}
