extension AsyncThrowingStream where Failure == any Error {
    /// A sequence read a batch at a time: `nextBatch` runs on the reading task whenever the
    /// previous batch is used up (an empty batch asks again; nil ends the sequence), so a slow
    /// reader holds the source back and one that stops early stops it.
    ///
    /// `State` is what `nextBatch` carries from one batch to the next (a cursor, a half-read body).
    static func batches<State>(from initial: State, _ nextBatch: @escaping @Sendable (inout State) async throws -> [Element]?) -> Self {
        let progress = BatchProgress<State, Element>(initial)
        return AsyncThrowingStream {
            while progress.next == progress.batch.count {
                guard let batch = try await nextBatch(&progress.state) else { return nil }
                (progress.batch, progress.next) = (batch, 0)
            }
            defer { progress.next += 1 }
            return progress.batch[progress.next]
        }
    }
}

/// How far the reader of a ``AsyncThrowingStream/batches(from:_:)`` sequence has got: only the
/// reading task's `next()` touches it, one call at a time.
private final class BatchProgress<State, Element>: @unchecked Sendable {
    var state: State
    var batch: [Element] = []
    var next = 0

    init(_ state: State) { self.state = state }
}
