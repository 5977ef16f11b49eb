import Dispatch

extension Array where Element: Sendable {
    /// `map` spread over the machine's cores, keeping order; plain `map` for short arrays.
    /// Generation is pure per declaration, so large schema sets render in parallel.
    package func parallelMap<Result: Sendable>(minimumCount: Int = 64, _ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count >= minimumCount else { return map(transform) }
        let chunkSize = Swift.max(16, count / 64)
        let chunks = (count + chunkSize - 1) / chunkSize
        return [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
            nonisolated(unsafe) let slots = buffer  // each index is written by exactly one iteration
            withoutActuallyEscaping(transform) { transform in
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let end = Swift.min(count, (chunk + 1) * chunkSize)
                    for index in chunk * chunkSize..<end { (slots.baseAddress! + index).initialize(to: transform(self[index])) }
                }
            }
            initialized = count
        }
    }
}
