import CCurl
import CCurlShim
import Foundation

/// Drives a curl multi handle on a thread of its own, which also runs the jobs of tasks that
/// prefer it as their executor.
final class MultiEngine: TaskExecutor, DedicatedThread, @unchecked Sendable {
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
    /// Set by `shutDown` and never cleared: no job is taken after it.
    private var refusing = false
    /// The counts as of the thread's last turn, for health reports and pool gauges.
    private var snapshot = CurlTransport.Statistics()
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

    /// Hands something to the engine's thread and wakes it however it sleeps. The wake-up is
    /// sent under the lock: once `stopped` is set the multi handle may be gone, and a wake-up sent
    /// after unlocking could reach it freed.
    private func notify(_ change: () -> Void) {
        condition.lock()
        change()
        if polling && !stopped { curl_multi_wakeup(multi) }
        condition.signal()
        condition.unlock()
    }

    /// Takes a job, or refuses it once a shutdown began.
    func submit(_ job: TransferJob) {
        var accepted = true
        notify { if refusing { accepted = false } else { submitted.append(job) } }
        if !accepted { job.finish(.failure(TransportError.shutDown(url: URLParts.redacted(job.request.url)))) }
    }

    /// Stops a job, whether the engine has it yet or not (a task cancelled before it submits).
    func cancel(_ job: TransferJob) {
        notify {
            job.cancelRequested = true
            cancelled.append(job)
        }
    }

    /// Refuses new jobs from now on; the thread stops once those in flight are done, and then
    /// marks `lifecycle` shut down.
    func shutDown() {
        notify {
            refusing = true
            stopping = true
        }
    }

    /// What `shutDown` ends; set before the thread starts.
    let lifecycle = Lifecycle()

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
            // Nothing in flight: sleep until something arrives (unless a stop was asked for:
            // the loop then ends below, once the last transfer is done).
            while submitted.isEmpty && cancelled.isEmpty && jobs.isEmpty && !stopping && !stopRequested && active.isEmpty && waiting.isEmpty {
                condition.wait()
            }
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
            publishStatistics()
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
        lifecycle.finishShutdown()
    }

    /// The counts as of the thread's last turn.
    var statistics: CurlTransport.Statistics {
        condition.lock()
        defer { condition.unlock() }
        return snapshot
    }

    private func publishStatistics() {
        let counts = CurlTransport.Statistics(requestsInFlight: active.count, requestsWaiting: waiting.count, idleHandles: idleHandles.count)
        condition.lock()
        snapshot = counts
        condition.unlock()
    }

    /// Starts waiting jobs while slots are free; fails those that waited too long.
    private func startWaiting() {
        let now = ContinuousClock.now
        var stillWaiting: [TransferJob] = []
        for job in waiting {
            if active.count < configuration.maximumConcurrentRequests {
                start(job)
            } else if now - job.submitted > configuration.acquireTimeout {
                job.finish(.failure(TransportError.poolExhausted(url: URLParts.redacted(job.request.url))))
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
        let verifies = configuration.certificateVerification == .enabled
        canon_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, verifies ? 1 : 0)
        canon_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, verifies ? 2 : 0)
        canon_curl_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        // Loopback never goes through a proxy (plain HTTP to a local server may carry a token).
        canon_curl_easy_setopt_string(handle, CURLOPT_NOPROXY, "localhost,127.0.0.0/8,::1")
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
            job.finish(.success(HTTPResponse(status: status, headers: job.sink.headers, body: HTTPBody(job.sink.body))))
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
