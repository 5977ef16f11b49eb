@_exported import CanonFirestoreAPI
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The local Firestore server: Firestore's REST API v1 on loopback, for development and tests.
///
/// ```swift
/// let server = try await FirestoreServer.start()        // an ephemeral loopback port
/// setenv("FIRESTORE_EMULATOR_HOST", server.emulatorHost, 1)
/// …
/// await server.stop()
/// ```
///
/// Every project and database ID is served and kept apart. Data lives in memory unless
/// ``Configuration/dataDirectory`` is set, in which case every acknowledged commit is on disk.
public final class FirestoreServer: Sendable {
    /// Where and how to serve.
    public struct Configuration: Sendable {
        /// The address to bind; loopback unless told otherwise.
        public var host: String
        /// The port; 0 picks a free one.
        public var port: Int
        /// Where to keep data across restarts; nil keeps it in memory.
        public var dataDirectory: URL?
        /// Where the HTTP stack logs (warnings and up by default).
        public var logger: Logger
        /// Whether SIGTERM and SIGINT stop the server gracefully (for the executable).
        public var stopsOnSignals: Bool
        /// How long a connection may go without a request's head or body part before it is
        /// closed: a client that stalls, or sends a head slower than that, loses its socket. (A
        /// body sent a byte per interval keeps it.) Longer than the runtime's 60 s reuse limit,
        /// so a kept-alive connection is never closed under a request being sent.
        public var idleTimeout: Duration

        /// A configuration.
        public init(host: String = "127.0.0.1", port: Int = 0, dataDirectory: URL? = nil, logger: Logger? = nil, stopsOnSignals: Bool = false,
                    idleTimeout: Duration = .seconds(65)) {
            self.host = host
            self.port = port
            self.idleTimeout = idleTimeout
            self.dataDirectory = dataDirectory
            self.stopsOnSignals = stopsOnSignals
            var fallback = Logger(label: "canon.firestore-server")
            fallback.logLevel = .warning
            self.logger = logger ?? fallback
        }
    }

    /// The API without the HTTP stack.
    public let api: FirestoreAPI
    /// The bound address.
    public let host: String
    /// The bound port.
    public let port: Int
    private let task: Task<Void, any Error>
    private let services: ServiceGroup

    /// Faults a test wants the server to produce.
    public var faults: FaultInjector { api.faults }

    /// `host:port`, the value of `FIRESTORE_EMULATOR_HOST`.
    public var emulatorHost: String { "\(host):\(port)" }

    /// The largest request Firestore accepts.
    static let maximumRequestSize = 10 * 1_048_576

    private init(api: FirestoreAPI, host: String, port: Int, task: Task<Void, any Error>, services: ServiceGroup) {
        self.api = api
        self.host = host
        self.port = port
        self.task = task
        self.services = services
    }

    /// Starts serving and returns once the port is bound.
    public static func start(_ configuration: Configuration = Configuration()) async throws -> FirestoreServer {
        let api = try FirestoreAPI.open(dataDirectory: configuration.dataDirectory)
        let bound = AsyncStream<Int>.makeStream()
        let application = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in try await respond(api, request) },
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(configuration.idleTimeout.components.seconds) * 1_000_000_000
                + configuration.idleTimeout.components.attoseconds / 1_000_000_000))),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                bound.continuation.yield(channel.localAddress?.port ?? 0)
                bound.continuation.finish()
            },
            logger: configuration.logger
        )
        let services = ServiceGroup(configuration: .init(
            services: [application], gracefulShutdownSignals: configuration.stopsOnSignals ? [.sigterm, .sigint] : [],
            logger: configuration.logger))
        let task = Task {
            defer { bound.continuation.finish() }
            try await services.run()
        }
        var iterator = bound.stream.makeAsyncIterator()
        guard let port = await iterator.next() else {
            // The server stopped before binding: surface why.
            try await task.value
            throw ServerError.notStarted
        }
        return FirestoreServer(api: api, host: configuration.host, port: port, task: task, services: services)
    }

    /// Stops serving gracefully (requests in flight are answered); returns when the listener is
    /// closed and the data directory released.
    public func stop() async {
        await services.triggerGracefulShutdown()
        _ = try? await task.value
        api.close()
    }

    /// Returns when the server has stopped (after ``stop()``, or a signal when
    /// ``Configuration/stopsOnSignals`` is set): the executable's main loop.
    public func waitUntilStopped() async throws {
        try await task.value
        api.close()
    }

    /// Clears every database, as `DELETE /emulator/v1/…/documents` does for one.
    public func reset() throws {
        do {
            try api.resetAll()
        } catch {
            throw ServerError.storage(error.message)
        }
    }

    /// How many documents the server holds, over every database.
    public var documentCount: Int { api.documentCount }

    /// Why the server could not start or reset.
    public enum ServerError: Error, CustomStringConvertible {
        case notStarted
        case storage(String)

        public var description: String {
            switch self {
            case .notStarted: "the server stopped before it could bind its port"
            case .storage(let message): message
            }
        }
    }

    private struct DroppedConnection: Error {}

    @Sendable
    private static func respond(_ api: FirestoreAPI, _ request: Request) async throws -> Response {
        var request = request
        let deadline = APIRequest.deadline(serverTimeout: request.headers.first { $0.name.canonicalName == "x-server-timeout" }?.value)
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maximumRequestSize)
        } catch is NIOTooManyBytesError {
            return response(.invalidArgument("Request payload size exceeds the limit: \(maximumRequestSize) bytes."))
        }  // anything else: the client went away mid-body, and its connection with it
        let apiRequest = APIRequest(method: request.method.rawValue, path: request.uri.path,
                                    query: APIRequest.parseQuery(request.uri.query), body: Array(body.readableBytesView),
                                    deadline: deadline)
        return response(await api.handle(apiRequest))
    }

    private static func response(_ answer: APIResponse) -> Response {
        let status = HTTPResponse.Status(code: answer.status)
        let headers: HTTPFields = [.contentType: "application/json; charset=UTF-8"]
        switch answer.body {
        case .bytes(let bytes):
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        case .chunks(let chunks):
            return Response(status: status, headers: headers, body: ResponseBody { writer in
                for chunk in chunks { try await writer.write(ByteBuffer(bytes: chunk)) }
                try await writer.finish(nil)
            })
        case .drop:
            // Promise a body, then fail: the connection closes mid-answer.
            return Response(status: status, headers: headers, body: ResponseBody(contentLength: 64) { _ in throw DroppedConnection() })
        }
    }
}
