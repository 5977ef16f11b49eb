import Synchronization

/// A cache in the process's memory, bounded by entries and by bytes, evicting the least recently
/// used first; entries expire at their time to live, as in Redis. Keys are compared byte for
/// byte.
///
/// The embedded default when no Redis is configured. It is one process's: a write made by
/// another process never reaches it, so with several instances of a service use ``RedisCache``.
public final class InMemoryCache: DocumentCache {
    fileprivate struct Entry {
        var value: [UInt8]
        var expires: ContinuousClock.Instant
        /// Position in the recency order: larger is more recent.
        var used: UInt64
    }

    fileprivate struct Storage {
        var entries: [[UInt8]: Entry] = [:]
        /// Keys by recency, oldest first; positions a later use left behind are skipped.
        var order: [(key: [UInt8], used: UInt64)] = []
        var head = 0
        var clock: UInt64 = 0
        var bytes = 0
    }

    /// At most this many entries.
    public let maximumEntries: Int
    /// At most this many bytes of keys and values.
    public let maximumBytes: Int
    private let storage = Mutex(Storage())

    /// A cache holding at most `maximumEntries` entries and `maximumBytes` bytes of keys and
    /// values.
    public init(maximumEntries: Int = 10_000, maximumBytes: Int = 64 << 20) {
        self.maximumEntries = max(1, maximumEntries)
        self.maximumBytes = max(1, maximumBytes)
    }

    /// How many entries and bytes the cache holds now (expired entries until they are met).
    public var usage: (entries: Int, bytes: Int) { storage.withLock { ($0.entries.count, $0.bytes) } }

    /// The values of `keys`, in order; nil where absent or expired.
    public func get(_ keys: [String]) async throws -> [[UInt8]?] {
        let now = ContinuousClock.now
        return storage.withLock { storage in keys.map { storage.value(Array($0.utf8), now: now, touching: true) } }
    }

    /// Stores the entries, evicting the least recently used while over a bound. A value larger
    /// than the byte bound is not stored (and what the key held is removed).
    public func set(_ entries: [CacheEntry]) async throws {
        let now = ContinuousClock.now
        storage.withLock { storage in
            for entry in entries { storage.store(entry, now: now, bounds: (maximumEntries, maximumBytes)) }
        }
    }

    /// Stores each entry only where its key holds nothing live.
    public func add(_ entries: [CacheEntry]) async throws -> [Bool] {
        let now = ContinuousClock.now
        return storage.withLock { storage in
            entries.map { entry in
                guard storage.value(Array(entry.key.utf8), now: now, touching: false) == nil else { return false }
                return storage.store(entry, now: now, bounds: (maximumEntries, maximumBytes))
            }
        }
    }

    /// Replaces each key's value where it holds the expected bytes.
    public func swap(_ swaps: [CacheSwap]) async throws -> [Bool] {
        let now = ContinuousClock.now
        return storage.withLock { storage in
            swaps.map { swap in
                let key = Array(swap.key.utf8)
                guard storage.value(key, now: now, touching: false) == swap.expected else { return false }
                guard let replacement = swap.replacement else {
                    storage.remove(key)
                    return true
                }
                return storage.store(replacement, now: now, bounds: (maximumEntries, maximumBytes))
            }
        }
    }

    /// Removes the keys.
    public func delete(_ keys: [String]) async throws {
        storage.withLock { storage in for key in keys { storage.remove(Array(key.utf8)) } }
    }
}

extension InMemoryCache.Storage {
    /// A live value; an expired one is removed. `touching` makes it the most recently used.
    mutating func value(_ key: [UInt8], now: ContinuousClock.Instant, touching: Bool) -> [UInt8]? {
        guard var entry = entries[key] else { return nil }
        guard entry.expires > now else {
            remove(key)
            return nil
        }
        if touching {
            clock += 1
            entry.used = clock
            entries[key] = entry
            order.append((key, clock))
            compact()
        }
        return entry.value
    }

    /// Stores an entry in place of what the key held; false when it is too large to keep.
    @discardableResult
    mutating func store(_ entry: CacheEntry, now: ContinuousClock.Instant, bounds: (entries: Int, bytes: Int)) -> Bool {
        let key = Array(entry.key.utf8)
        remove(key)
        let size = key.count + entry.value.count
        guard size <= bounds.bytes else { return false }
        clock += 1
        entries[key] = InMemoryCache.Entry(value: entry.value, expires: now + entry.ttl, used: clock)
        order.append((key, clock))
        bytes += size
        while entries.count > bounds.entries || bytes > bounds.bytes { evictOldest() }
        compact()
        return entries[key] != nil
    }

    mutating func remove(_ key: [UInt8]) {
        guard let entry = entries.removeValue(forKey: key) else { return }
        bytes -= key.count + entry.value.count
    }

    /// Drops the least recently used entry.
    mutating func evictOldest() {
        while head < order.count {
            let (key, used) = order[head]
            head += 1
            if let entry = entries[key], entry.used == used {
                remove(key)
                return
            }
        }
    }

    /// Keeps the recency list within a few times the entries it orders.
    mutating func compact() {
        guard order.count > 4 * max(64, entries.count) else { return }
        order = order[head...].filter { entries[$0.key]?.used == $0.used }
        head = 0
    }
}
