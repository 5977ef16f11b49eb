import Foundation

/// The chunks of a streamed body. Taking a chunk makes room for more, so a slow reader holds
/// the transfer back instead of letting the body pile up in memory.
struct CurlBodyStream: AsyncSequence, Sendable {
    typealias Element = Data
    let chunks: AsyncThrowingStream<Data, any Error>
    let job: TransferJob

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<Data, any Error>.AsyncIterator
        let reader: Reader

        mutating func next() async throws -> Data? {
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
    final class Reader: @unchecked Sendable {
        let job: TransferJob
        var finished = false

        init(job: TransferJob) { self.job = job }

        deinit { if !finished { job.engine.cancel(job) } }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: chunks.makeAsyncIterator(), reader: Reader(job: job)) }
}
