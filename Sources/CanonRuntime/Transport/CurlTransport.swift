import CCurl
import CCurlShim
import Dispatch
import Foundation

/// HTTP over libcurl. Requests run on a dedicated dispatch queue, never on Swift's cooperative
/// thread pool, and reuse easy handles (and so their kept-alive connections) from a bounded pool.
///
/// This is the transport's first step: easy handles with keep-alive reuse, timeouts, gzip and
/// verified TLS. The multi interface, HTTP/2 multiplexing, acquire timeouts and idle eviction
/// come next (issue 4).
public final class CurlTransport: Sendable {
    private let queue = DispatchQueue(label: "canon.curl", attributes: .concurrent)
    private let pool: HandlePool

    /// Creates a transport keeping at most `maximumIdleHandles` connections' handles for reuse.
    public init(maximumIdleHandles: Int = 8) {
        _ = CurlLibrary.initialized
        pool = HandlePool(maximumIdle: maximumIdleHandles)
    }

    /// Sends a request and waits for the whole response.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [pool] in
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
    private var idle: [UnsafeMutableRawPointer] = []
    private let maximumIdle: Int

    init(maximumIdle: Int) { self.maximumIdle = maximumIdle }

    func acquire() -> UnsafeMutableRawPointer {
        lock.lock()
        defer { lock.unlock() }
        return idle.popLast() ?? curl_easy_init()
    }

    func release(_ handle: UnsafeMutableRawPointer, reusable: Bool) {
        lock.lock()
        if reusable && idle.count < maximumIdle {
            idle.append(handle)
            lock.unlock()
        } else {
            lock.unlock()
            curl_easy_cleanup(handle)
        }
    }

    deinit {
        for handle in idle { curl_easy_cleanup(handle) }
    }
}
