import CCurl
import CCurlShim
import Dispatch
import Foundation

/// HTTP over libcurl. Requests run on a dedicated dispatch queue, never on Swift's cooperative
/// thread pool, and reuse easy handles (and so their kept-alive connections) from a bounded pool.
///
/// At most `maximumConcurrentRequests` run at once; a request that cannot start within
/// `acquireTimeout` fails with ``TransportError/poolExhausted(url:)``. Handles idle longer than
/// `maximumIdleTime` are closed, so no request meets a connection the server has long dropped.
/// Easy handles give keep-alive reuse, timeouts, gzip and verified TLS; the multi interface and
/// HTTP/2 multiplexing come next.
public final class CurlTransport: Sendable {
    /// Limits of the transport.
    public struct Configuration: Sendable, Hashable {
        /// Requests in flight at once.
        public var maximumConcurrentRequests: Int
        /// How long a request may wait for a free slot.
        public var acquireTimeout: Duration
        /// Handles (with their connections) kept for reuse.
        public var maximumIdleHandles: Int
        /// How long an unused handle is kept.
        public var maximumIdleTime: Duration

        /// Creates a configuration.
        public init(maximumConcurrentRequests: Int = 32, acquireTimeout: Duration = .seconds(10), maximumIdleHandles: Int = 8,
                    maximumIdleTime: Duration = .seconds(60)) {
            self.maximumConcurrentRequests = maximumConcurrentRequests
            self.acquireTimeout = acquireTimeout
            self.maximumIdleHandles = maximumIdleHandles
            self.maximumIdleTime = maximumIdleTime
        }
    }

    private let queue = DispatchQueue(label: "canon.curl", attributes: .concurrent)
    private let pool: HandlePool
    private let slots: DispatchSemaphore
    private let configuration: Configuration

    /// Creates a transport.
    public init(configuration: Configuration = Configuration()) {
        _ = CurlLibrary.initialized
        self.configuration = configuration
        pool = HandlePool(maximumIdle: configuration.maximumIdleHandles, maximumIdleTime: configuration.maximumIdleTime)
        slots = DispatchSemaphore(value: configuration.maximumConcurrentRequests)
    }

    /// Sends a request and waits for the whole response.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [pool, slots, configuration] in
                // Waiting here blocks one of the transport's own threads, never the cooperative pool.
                guard slots.wait(timeout: .now() + configuration.acquireTimeout.dispatchInterval) == .success else {
                    continuation.resume(throwing: TransportError.poolExhausted(url: request.url))
                    return
                }
                defer { slots.signal() }
                continuation.resume(with: Result { try Self.perform(request, pool: pool) })
            }
        }
    }

    private static func perform(_ request: HTTPRequest, pool: HandlePool) throws -> HTTPResponse {
        let handle = pool.acquire()
        var reusable = true
        defer { pool.release(handle, reusable: reusable) }
        curl_easy_reset(handle)
        let sink = ResponseSink()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for header in request.headers { headerList = curl_slist_append(headerList, "\(header.name): \(header.value)") }

        canon_curl_easy_setopt_string(handle, CURLOPT_URL, request.url)
        canon_curl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        if request.method == "HEAD" { canon_curl_easy_setopt_long(handle, CURLOPT_NOBODY, 1) }
        canon_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        let milliseconds = request.timeout.components.seconds * 1000 + request.timeout.components.attoseconds / 1_000_000_000_000_000
        canon_curl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(milliseconds))
        canon_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        canon_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        canon_curl_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")  // every encoding libcurl can decode
        canon_curl_easy_setopt_pointer(handle, CURLOPT_HTTPHEADER, headerList)
        canon_curl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, { data, size, count, context in
            let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
            sink.body.append(UnsafeRawPointer(data!).assumingMemoryBound(to: UInt8.self), count: size * count)
            return size * count
        })
        canon_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        canon_curl_easy_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION, { data, size, count, context in
            let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
            sink.header(line)
            return size * count
        })
        canon_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context)

        let code: CURLcode
        if let body = request.body {
            code = body.withUnsafeBytes { bytes in
                canon_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count))
                canon_curl_easy_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                return curl_easy_perform(handle)
            }
        } else {
            code = curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            reusable = false
            throw Self.error(code, url: request.url)
        }
        var status = 0
        canon_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }

    private static func error(_ code: CURLcode, url: String) -> TransportError {
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

/// Collects a response while libcurl delivers it; touched only by the request's own thread.
private final class ResponseSink {
    var body = Data()
    var headers: [(name: String, value: String)] = []

    func header(_ line: String) {
        if line.hasPrefix("HTTP/") {
            headers.removeAll()  // a new response (after a redirect or 100-continue) starts over
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon])
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        headers.append((name, value))
    }
}

/// Easy handles kept for reuse: a handle keeps its connection alive for the next request.
private final class HandlePool: @unchecked Sendable {
    // Guarded by `lock`; handles are only used by one request at a time.
    private let lock = NSLock()
    private var idle: [(handle: UnsafeMutableRawPointer, since: ContinuousClock.Instant)] = []
    private let maximumIdle: Int
    private let maximumIdleTime: Duration

    init(maximumIdle: Int, maximumIdleTime: Duration) {
        self.maximumIdle = maximumIdle
        self.maximumIdleTime = maximumIdleTime
    }

    func acquire() -> UnsafeMutableRawPointer {
        lock.lock()
        let now = ContinuousClock.now
        let stale = idle.filter { now - $0.since > maximumIdleTime }
        idle.removeAll { now - $0.since > maximumIdleTime }
        let reused = idle.popLast()?.handle
        lock.unlock()
        for entry in stale { curl_easy_cleanup(entry.handle) }
        return reused ?? curl_easy_init()
    }

    func release(_ handle: UnsafeMutableRawPointer, reusable: Bool) {
        lock.lock()
        if reusable && idle.count < maximumIdle {
            idle.append((handle, ContinuousClock.now))
            lock.unlock()
        } else {
            lock.unlock()
            curl_easy_cleanup(handle)
        }
    }

    deinit {
        for entry in idle { curl_easy_cleanup(entry.handle) }
    }
}

extension Duration {
    var dispatchInterval: DispatchTimeInterval {
        .nanoseconds(Int(components.seconds) * 1_000_000_000 + Int(components.attoseconds / 1_000_000_000))
    }
}
