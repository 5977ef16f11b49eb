import CanonSchema
import Synchronization
import Testing

@Suite("parallelMap")
struct ParallelMapTests {
    /// Counts the instances alive.
    final class Tracked: Sendable {
        static let alive = Atomic<Int>(0)
        let value: Int
        init(_ value: Int) {
            self.value = value
            Self.alive.add(1, ordering: .relaxed)
        }
        deinit { Self.alive.subtract(1, ordering: .relaxed) }
    }

    @Test("keeps order, and releases every result it made once the caller lets go")
    func ordersAndReleases() {
        let before = Tracked.alive.load(ordering: .relaxed)
        do {
            let results = Array(0..<1_000).parallelMap { Tracked($0) }
            #expect(results.map(\.value) == Array(0..<1_000))
            #expect(Tracked.alive.load(ordering: .relaxed) - before == 1_000)
        }
        #expect(Tracked.alive.load(ordering: .relaxed) == before, "every result was released")
    }
}
