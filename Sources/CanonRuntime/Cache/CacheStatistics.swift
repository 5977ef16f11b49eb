import Synchronization

/// How a ``CollectionCache`` fared, counted since it was made.
public final class CacheStatistics: Sendable {
    /// Counts of each outcome.
    public struct Counts: Sendable, Hashable {
        /// Reads the cache answered (a document, or a cached miss).
        public var hits = 0
        /// Reads the cache could not answer, which went to the database.
        public var misses = 0
        /// Cache operations that failed (the read or write went on without the cache).
        public var errors = 0
        /// Reads that skipped the cache: it failed, or a key's invalidation is still pending.
        public var bypasses = 0
        /// Reads that shared another reader's database read of the same key.
        public var coalesced = 0
        /// Database answers not stored because a write (or another reader) came first.
        public var refusedFills = 0
    }

    private let storage = Mutex(Counts())

    /// The counts now.
    public var counts: Counts { storage.withLock { $0 } }

    func count(_ field: WritableKeyPath<Counts, Int>, by amount: Int = 1) {
        storage.withLock { $0[keyPath: field] += amount }
    }
}
