import CCurl
import CCurlShim
import Foundation

/// One request on its way through the engine.
final class TransferJob: @unchecked Sendable {
    // Set before submission, then touched only by the engine's thread; `flow` is shared with
    // the reader of a streamed body and guarded by `flowLock`.
    let request: HTTPRequest
    let engine: MultiEngine
    var whole: CheckedContinuation<HTTPResponse, any Error>?
    var head: CheckedContinuation<HTTPResponse, any Error>?
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
        head.resume(returning: HTTPResponse(status: status, headers: sink.headers, body: HTTPBody(chunks: CurlBodyStream(chunks: chunks, job: self))))
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
