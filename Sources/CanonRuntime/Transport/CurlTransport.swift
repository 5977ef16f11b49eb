import CCurl
import CCurlShim
import Dispatch
import Foundation

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
public final class CurlTransport: Sendable {
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

        /// Creates a configuration.
        public init(maximumConcurrentRequests: Int = 32, acquireTimeout: Duration = .seconds(10), maximumIdleHandles: Int = 8,
                    maximumIdleTime: Duration = .seconds(60)) {
            self.maximumConcurrentRequests = maximumConcurrentRequests
            self.acquireTimeout = acquireTimeout
            self.maximumIdleHandles = maximumIdleHandles
            self.maximumIdleTime = maximumIdleTime
        }
    }

    private let engine: MultiEngine

    /// Creates a transport and starts its thread.
    public init(configuration: Configuration = Configuration()) {
        _ = CurlLibrary.initialized
        engine = MultiEngine(configuration: configuration)
    }

    deinit { engine.shutDown() }

    /// The transport's thread as a task executor.
    ///
    /// Every request of a task on another thread crosses to the transport's thread and back: two
    /// thread wake-ups (20–30 µs on these machines, about a tenth of a request to a server on
    /// loopback, measured by `Benchmarks/run-firestore-benchmark.sh client`). A task that
    /// prefers this executor (`withTaskExecutorPreference(transport.taskExecutor) { … }` or
    /// `Task(executorPreference:)`) runs on the transport's thread instead, between transfers,
    /// and pays neither. Its code then holds up every transfer while it runs: use it for request-
    /// heavy work that does little else, never for long computation or blocking calls. Once the
    /// transport is gone, such tasks run on the global concurrent executor.
    public var taskExecutor: any TaskExecutor { engine }

    /// Sends a request and waits for the whole response.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await submit(request) { job, continuation in job.whole = continuation }
    }

    /// Sends a request and returns once the response's head has arrived; its body follows as it
    /// arrives. Reading slower than the network pauses the transfer (at most about 1 MiB waits
    /// in memory); dropping the body before its end stops the transfer.
    public func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        try await submit(request) { job, continuation in job.head = continuation }
    }

    /// Hands a request to the engine, which resumes `continuation` as `attach` wires it.
    private func submit<Answer>(_ request: HTTPRequest,
                                _ attach: (TransferJob, CheckedContinuation<Answer, any Error>) -> Void) async throws -> Answer {
        let job = TransferJob(request: request, engine: engine)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                attach(job, continuation)
                engine.submit(job)
            }
        } onCancel: {
            engine.cancel(job)
        }
    }

    static func error(_ code: CURLcode, url: String) -> TransportError {
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

/// A response whose body arrives in pieces (``CurlTransport/stream(_:)``).
public struct HTTPStreamingResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The header fields, in order.
    public var headers: [(name: String, value: String)]
    /// The body, chunk by chunk as it arrives.
    public var body: HTTPBodyStream

    /// The first value of a header field, by case-insensitive name.
    public func header(_ name: String) -> String? { HTTPResponse.value(of: name, in: headers) }

    /// The whole body, collected.
    public func collect() async throws -> Data {
        var data = Data()
        for try await chunk in body { data.append(chunk) }
        return data
    }
}

/// The chunks of a streamed body. Taking a chunk makes room for more, so a slow reader holds
/// the transfer back instead of letting the body pile up in memory.
public struct HTTPBodyStream: AsyncSequence, Sendable {
    public typealias Element = Data
    fileprivate let chunks: AsyncThrowingStream<Data, any Error>
    fileprivate let job: TransferJob

    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate var base: AsyncThrowingStream<Data, any Error>.AsyncIterator
        fileprivate let reader: Reader

        public mutating func next() async throws -> Data? {
            guard let chunk = try await base.next() else {
                // A cancelled reader is handed nil too: that is not the end of the body.
                try Task.checkCancellation()
                reader.finished = true
                return nil
            }
            reader.job.consumed(chunk.count)
            return chunk
        }
    }

    /// Stops the transfer when the reader goes away before the end (a `break` out of the loop).
    fileprivate final class Reader: @unchecked Sendable {
        let job: TransferJob
        var finished = false

        init(job: TransferJob) { self.job = job }

        deinit { if !finished { job.engine.cancel(job) } }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: chunks.makeAsyncIterator(), reader: Reader(job: job)) }
}

/// One request on its way through the engine.
private final class TransferJob: @unchecked Sendable {
    // Set before submission, then touched only by the engine's thread; `flow` is shared with
    // the reader of a streamed body and guarded by `flowLock`.
    let request: HTTPRequest
    let engine: MultiEngine
    var whole: CheckedContinuation<HTTPResponse, any Error>?
    var head: CheckedContinuation<HTTPStreamingResponse, any Error>?
    var body: AsyncThrowingStream<Data, any Error>.Continuation?
    let sink = ResponseSink()
    var headerList: UnsafeMutablePointer<curl_slist>?
    var handle: UnsafeMutableRawPointer?
    let submitted = ContinuousClock.now
    /// Set under the engine's `condition`: the job is to stop, even if it has not arrived yet.
    var cancelRequested = false
    private let flowLock = NSLock()
    private var buffered = 0
    private var paused = false
    static let bufferLimit = 1 << 20

    init(request: HTTPRequest, engine: MultiEngine) {
        self.request = request
        self.engine = engine
    }

    var isStreamed: Bool { head != nil || body != nil }

    /// Delivers a streamed response's head once its status is known.
    func deliverHead(status: Int) {
        guard let head else { return }
        self.head = nil
        let (chunks, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        continuation.onTermination = { [weak self] termination in
            if case .cancelled = termination, let self { self.engine.cancel(self) }
        }
        body = continuation
        head.resume(returning: HTTPStreamingResponse(status: status, headers: sink.headers, body: HTTPBodyStream(chunks: chunks, job: self)))
    }

    /// A streamed chunk from libcurl: passed on, or refused (pausing the transfer) while the
    /// reader is a full buffer behind.
    func offer(_ bytes: UnsafeRawBufferPointer) -> Bool {
        flowLock.lock()
        if buffered >= Self.bufferLimit {
            paused = true
            flowLock.unlock()
            return false
        }
        buffered += bytes.count
        flowLock.unlock()
        body?.yield(Data(bytes))
        return true
    }

    /// The reader took a chunk: resume a paused transfer once half the buffer is free.
    func consumed(_ count: Int) {
        flowLock.lock()
        buffered -= count
        let resume = paused && buffered <= Self.bufferLimit / 2
        if resume { paused = false }
        flowLock.unlock()
        if resume { engine.unpause(self) }
    }

    /// Ends the request once, however it ended; later calls do nothing.
    func finish(_ result: Result<HTTPResponse, any Error>) {
        if let whole {
            self.whole = nil
            whole.resume(with: result)
            return
        }
        switch result {
        case .success(let response):
            deliverHead(status: response.status)
            body?.finish()
        case .failure(let error):
            if let head {
                self.head = nil
                head.resume(throwing: error)
            }
            body?.finish(throwing: error)
        }
        body = nil
    }
}

/// Drives a curl multi handle on a thread of its own, which also runs the jobs of tasks that
/// prefer it as their executor.
private final class MultiEngine: TaskExecutor, @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let configuration: CurlTransport.Configuration
    // Guarded by `condition`: what other threads hand to the engine's thread.
    private let condition = NSCondition()
    private var submitted: [TransferJob] = []
    private var cancelled: [TransferJob] = []
    private var unpaused: [TransferJob] = []
    private var jobs: [UnownedJob] = []
    private var stopping = false
    private var stopped = false
    /// Whether the engine sleeps in `curl_multi_poll` (woken by `curl_multi_wakeup`) rather than
    /// on `condition` (woken by a signal, which is cheaper).
    private var polling = false
    // The engine thread's own state.
    private var waiting: [TransferJob] = []
    private var active: [UnsafeMutableRawPointer: TransferJob] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []
    private var stopRequested = false

    init(configuration: CurlTransport.Configuration) {
        self.configuration = configuration
        multi = curl_multi_init()
        canon_curl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        canon_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(1, configuration.maximumIdleHandles))
        let thread = Thread { [self] in
            canon_name_current_thread("canon.curl")  // for debuggers, `top -H`, and the executor's tests
            run()
        }
        thread.start()
    }

    /// Hands something to the engine's thread and wakes it however it sleeps.
    private func notify(_ change: () -> Void) {
        condition.lock()
        change()
        let wakePoll = polling
        condition.signal()
        condition.unlock()
        if wakePoll { curl_multi_wakeup(multi) }
    }

    func submit(_ job: TransferJob) { notify { submitted.append(job) } }

    /// Stops a job, whether the engine has it yet or not (a task cancelled before it submits).
    func cancel(_ job: TransferJob) {
        notify {
            job.cancelRequested = true
            cancelled.append(job)
        }
    }

    func shutDown() { notify { stopping = true } }

    func unpause(_ job: TransferJob) { notify { unpaused.append(job) } }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        var accepted = true
        notify { if stopped { accepted = false } else { jobs.append(job) } }
        if !accepted { globalConcurrentExecutor.enqueue(ExecutorJob(job)) }
    }

    private func run() {
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            // Nothing in flight: sleep until something arrives.
            while submitted.isEmpty && cancelled.isEmpty && jobs.isEmpty && !stopping && active.isEmpty && waiting.isEmpty { condition.wait() }
            let runnable = jobs
            jobs.removeAll()
            condition.unlock()
            // Tasks first: what they submit starts in this same turn.
            for job in runnable { job.runSynchronously(on: executor) }

            condition.lock()
            // A job cancelled before it got here is ended now, whenever its cancel came.
            let incoming = submitted.filter { !$0.cancelRequested }
            let refused = submitted.filter(\.cancelRequested)
            let toCancel = cancelled
            let toResume = unpaused
            // Taken like the rest, so that a stop asked for does not keep the loop from sleeping.
            if stopping { stopRequested = true }
            stopping = false
            submitted.removeAll()
            cancelled.removeAll()
            unpaused.removeAll()
            condition.unlock()
            for job in refused { job.finish(.failure(CancellationError())) }
            if stopRequested && active.isEmpty && incoming.isEmpty && waiting.isEmpty { break }

            waiting += incoming
            for job in toCancel { stopJob(job) }
            for job in toResume {
                // libcurl hands over the chunk it held back from inside this call.
                if let handle = job.handle, active[handle] === job { curl_easy_pause(handle, 0) }
            }
            startWaiting()

            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
                complete(handle, code: message.pointee.data.result)
            }
            guard !active.isEmpty || !waiting.isEmpty else { continue }
            // Slots freed just now: start waiting jobs at once rather than after the next poll.
            if !waiting.isEmpty && active.count < configuration.maximumConcurrentRequests { continue }
            // Wake for new work (curl_multi_wakeup), socket activity, or the next deadline.
            condition.lock()
            polling = submitted.isEmpty && cancelled.isEmpty && unpaused.isEmpty && jobs.isEmpty && !stopping
            condition.unlock()
            if polling { curl_multi_poll(multi, nil, 0, waiting.isEmpty ? 1_000 : 20, nil) }
            condition.lock()
            polling = false
            condition.unlock()
        }
        // Tasks that still prefer this executor carry on on the global one.
        condition.lock()
        stopped = true
        let leftover = jobs
        jobs.removeAll()
        condition.unlock()
        for job in leftover { globalConcurrentExecutor.enqueue(ExecutorJob(job)) }
        for handle in idleHandles { curl_easy_cleanup(handle) }
        curl_multi_cleanup(multi)
    }

    /// Starts waiting jobs while slots are free; fails those that waited too long.
    private func startWaiting() {
        let now = ContinuousClock.now
        var stillWaiting: [TransferJob] = []
        for job in waiting {
            if active.count < configuration.maximumConcurrentRequests {
                start(job)
            } else if now - job.submitted > configuration.acquireTimeout {
                job.finish(.failure(TransportError.poolExhausted(url: job.request.url)))
            } else {
                stillWaiting.append(job)
            }
        }
        waiting = stillWaiting
    }

    private func stopJob(_ job: TransferJob) {
        if let index = waiting.firstIndex(where: { $0 === job }) {
            waiting.remove(at: index).finish(.failure(CancellationError()))
        } else if let handle = job.handle, active[handle] === job {
            curl_multi_remove_handle(multi, handle)
            release(handle, job: job, reusable: false)
            job.finish(.failure(CancellationError()))
        }
    }

    private func start(_ job: TransferJob) {
        // A reused handle keeps the options every request shares; only the request's own are
        // set again (curl_easy_reset on every request measurably slowed the loop).
        let handle = idleHandles.popLast() ?? newHandle()
        let request = job.request
        for header in request.headers { job.headerList = curl_slist_append(job.headerList, "\(header.name): \(header.value)") }
        canon_curl_easy_setopt_string(handle, CURLOPT_URL, request.url)
        // Back to a plain GET without a body, then the request's method and body.
        canon_curl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1)
        canon_curl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        canon_curl_easy_setopt_long(handle, CURLOPT_NOBODY, request.method == "HEAD" ? 1 : 0)
        let milliseconds = request.timeout.components.seconds * 1000 + request.timeout.components.attoseconds / 1_000_000_000_000_000
        canon_curl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(milliseconds))
        canon_curl_easy_setopt_pointer(handle, CURLOPT_HTTPHEADER, job.headerList)
        let context = Unmanaged.passUnretained(job).toOpaque()
        canon_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        canon_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        if let body = request.body {
            // libcurl keeps its own copy, so the body need not outlive this call.
            canon_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            body.withUnsafeBytes { bytes in
                _ = canon_curl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
            }
        }
        job.handle = handle
        active[handle] = job
        curl_multi_add_handle(multi, handle)
    }

    /// An easy handle with the options every request shares.
    private func newHandle() -> UnsafeMutableRawPointer {
        let handle = curl_easy_init()!
        canon_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        canon_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        canon_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        canon_curl_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        // Connections idle longer than this are not reused (curl counts whole seconds).
        canon_curl_easy_setopt_long(handle, CURLOPT_MAXAGE_CONN, Int(configuration.maximumIdleTime.components.seconds))
        canon_curl_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")  // every encoding libcurl can decode
        canon_curl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, { data, size, count, context in
            let job = Unmanaged<TransferJob>.fromOpaque(context!).takeUnretainedValue()
            let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
            guard job.isStreamed else {
                job.sink.body.append(contentsOf: bytes)
                return size * count
            }
            if job.head != nil, let handle = job.handle { job.deliverHead(status: MultiEngine.status(of: handle)) }
            return job.offer(bytes) ? size * count : MultiEngine.writePause
        })
        canon_curl_easy_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION, { data, size, count, context in
            let job = Unmanaged<TransferJob>.fromOpaque(context!).takeUnretainedValue()
            let line = UnsafeRawBufferPointer(start: data, count: size * count)
            job.sink.header(line)
            // The blank line ends a header block; a final (non-1xx) status lets a stream begin.
            if job.head != nil, line.count <= 2, let handle = job.handle {
                let status = MultiEngine.status(of: handle)
                if status >= 200 { job.deliverHead(status: status) }
            }
            return size * count
        })
        return handle
    }

    /// `CURL_WRITEFUNC_PAUSE`, which Swift does not import.
    static let writePause = 0x1000_0001

    static func status(of handle: UnsafeMutableRawPointer) -> Int {
        var status = 0
        canon_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return status
    }

    private func complete(_ handle: UnsafeMutableRawPointer, code: CURLcode) {
        curl_multi_remove_handle(multi, handle)
        guard let job = active[handle] else { return }
        if code == CURLE_OK {
            var status = 0
            canon_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
            release(handle, job: job, reusable: true)
            job.finish(.success(HTTPResponse(status: status, headers: job.sink.headers, body: job.sink.body)))
        } else {
            release(handle, job: job, reusable: false)
            job.finish(.failure(CurlTransport.error(code, url: job.request.url)))
        }
    }

    private func release(_ handle: UnsafeMutableRawPointer, job: TransferJob, reusable: Bool) {
        active[handle] = nil
        curl_slist_free_all(job.headerList)
        job.headerList = nil
        if reusable && idleHandles.count < configuration.maximumIdleHandles {
            idleHandles.append(handle)
        } else {
            curl_easy_cleanup(handle)
        }
    }
}

/// Collects a response while libcurl delivers it; touched only by the engine's thread.
private final class ResponseSink {
    var body = Data()
    var headers: [(name: String, value: String)] = []

    /// One header line as libcurl hands it over, parsed as bytes (no Foundation on this path).
    func header(_ line: UnsafeRawBufferPointer) {
        let bytes = line.bindMemory(to: UInt8.self)
        if bytes.starts(with: "HTTP/".utf8) {
            headers.removeAll()  // a new response (after a redirect or 100-continue) starts over
            return
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var start = colon + 1
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        headers.append((String(decoding: UnsafeBufferPointer(rebasing: bytes[..<colon]), as: UTF8.self),
                        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)))
    }
}
