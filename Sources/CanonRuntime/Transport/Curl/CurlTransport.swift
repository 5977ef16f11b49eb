import CCurl
import CCurlShim
import Dispatch
import Foundation
import Logging

/// HTTP over libcurl's multi interface. One dedicated thread drives every transfer of the
/// transport with `curl_multi_poll`, so no request ever blocks a thread of Swift's cooperative
/// pool, and connections are shared: kept alive between requests and, where the server offers
/// HTTP/2 (over TLS), multiplexed.
///
/// At most `maximumConcurrentRequests` run at once; a request that cannot start within
/// `acquireTimeout` fails with ``TransportError/poolExhausted(url:)``. Connections idle longer
/// than `maximumIdleTime` are closed rather than reused, so no request meets a connection the
/// server has long dropped. A cancelled task's transfer is stopped.
///
/// The thread is also a task executor (``taskExecutor``): tasks that prefer it run on it between
/// transfers, so their requests make no thread hand-offs at all.
public final class CurlTransport: HTTPTransport {
    /// Limits of the transport.
    public struct Configuration: Sendable, Hashable {
        /// Requests in flight at once.
        public var maximumConcurrentRequests: Int
        /// How long a request may wait for a free slot.
        public var acquireTimeout: Duration
        /// Easy handles (and connections) kept for reuse.
        public var maximumIdleHandles: Int
        /// How long an unused connection is kept.
        public var maximumIdleTime: Duration
        /// Whether `https` servers must prove who they are (always, unless a program turns it off
        /// in code; no configuration key or environment variable can).
        public var certificateVerification: CertificateVerification = .enabled

        /// Creates a configuration.
        public init(maximumConcurrentRequests: Int = 32, acquireTimeout: Duration = .seconds(10), maximumIdleHandles: Int = 8,
                    maximumIdleTime: Duration = .seconds(60)) {
            self.maximumConcurrentRequests = maximumConcurrentRequests
            self.acquireTimeout = acquireTimeout
            self.maximumIdleHandles = maximumIdleHandles
            self.maximumIdleTime = maximumIdleTime
        }
    }

    /// Whether TLS certificates and host names are verified.
    public enum CertificateVerification: Sendable, Hashable {
        /// The peer's certificate chain and host name are checked against the system's trust
        /// store: the default.
        case enabled
        /// Nothing is checked: anyone on the path can read and change every request, bearer
        /// tokens included. For a test against a server with a self-signed certificate, never
        /// for production; the transport logs a critical message when it is created this way.
        case disabledInsecurely
    }

    /// The transport's counts, as its thread last published them (after each turn of its loop).
    public struct Statistics: Sendable, Hashable {
        /// Requests being transferred: the connections in use.
        public var requestsInFlight = 0
        /// Requests waiting for a free slot.
        public var requestsWaiting = 0
        /// Easy handles kept for reuse, each with its connection while libcurl keeps it alive.
        public var idleHandles = 0
    }

    private let engine: MultiEngine

    /// The transport's counts now, for health reports and pool gauges.
    public var statistics: Statistics { engine.statistics }

    /// Creates a transport and starts its thread; `logger` hears, at critical level, that
    /// certificate verification is off when it is.
    public init(configuration: Configuration = Configuration(), logger: Logger = Logger(label: "canon.transport")) {
        _ = CurlLibrary.initialized
        if configuration.certificateVerification == .disabledInsecurely {
            logger.critical(
                "TLS certificate verification is DISABLED for this transport (CertificateVerification.disabledInsecurely): every https request, its bearer token included, can be read and changed by anyone on the path")
        }
        engine = MultiEngine(configuration: configuration)
    }

    /// A transport must be shut down before it goes away (a debug build stops there if it was
    /// not); a release build then stops its thread, cancelling what is in flight.
    deinit {
        assert(engine.lifecycle.state == .shutDown, "CurlTransport released without shutdown(): call it (FirestoreClient.shutdown() does for its own)")
        engine.shutDown()
    }

    /// Where the transport is in its life.
    public var state: LifecycleState { engine.lifecycle.state }

    /// Stops taking requests (new ones fail with ``TransportError/shutDown(url:)``), lets those
    /// in flight finish (a streamed body to its end, or until its reader drops it), then stops
    /// the transport's thread and frees its connections. Returns once all that is done; calling
    /// it again, or concurrently, waits for the same end. Called by the reader of a streamed body
    /// that it has not finished or dropped, it waits for that reader: for ever.
    public func shutdown() async {
        await engine.shutDownAndWait()
    }

    /// Runs until the task is cancelled or the transport shut down, then shuts it down. In a
    /// swift-service-lifecycle service group, run it as `cancelWhenGracefulShutdown { await
    /// transport.run() }`, so a graceful shutdown ends it.
    public func run() async {
        await engine.runUntilStopped()
    }

    /// The transport's thread as a task executor.
    ///
    /// Every request of a task on another thread crosses to the transport's thread and back: two
    /// thread wake-ups (20–30 µs on these machines, about a tenth of a request to a server on
    /// loopback, measured by `LocalFirestore/Benchmarks/run-firestore-benchmark.sh client`). A task that
    /// prefers this executor (`withTaskExecutorPreference(transport.taskExecutor) { … }` or
    /// `Task(executorPreference:)`) runs on the transport's thread instead, between transfers,
    /// and pays neither. Its code then holds up every transfer while it runs: use it for request-
    /// heavy work that does little else, never for long computation or blocking calls. Once the
    /// transport is shut down, such tasks run on the global concurrent executor.
    public var taskExecutor: (any TaskExecutor)? { engine }

    /// Sends a request. A streamed response's body arrives as it is read: reading slower than
    /// the network pauses the transfer (at most about 1 MiB waits in memory), and dropping the
    /// body before its end stops the transfer.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let job = TransferJob(request: request, engine: engine)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if request.streamsResponse { job.head = continuation } else { job.whole = continuation }
                engine.submit(job)
            }
        } onCancel: {
            engine.cancel(job)
        }
    }

    /// The error for a libcurl failure; the URL it carries has no `user:password@`.
    static func error(_ code: CURLcode, url rawURL: String) -> TransportError {
        let url = URLParts.redacted(rawURL)
        let message = String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_OPERATION_TIMEDOUT: return .timeout(url: url)
        case CURLE_COULDNT_CONNECT: return .connectionRefused(url: url)
        case CURLE_COULDNT_RESOLVE_HOST: return .unresolvedHost(url: url)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE:
            return .tls(url: url, message: message)
        default: return .other(url: url, code: Int(code.rawValue), message: message)
        }
    }
}
