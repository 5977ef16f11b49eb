/// Where cached entries live: bytes by key, each kept for a time to live. What the runtime's
/// read-through cache (``CollectionCache``) stands on. Two implementations: ``RedisCache``, and
/// ``InMemoryCache`` (the embedded default when no Redis is configured).
///
/// Besides get, set and delete, a cache offers the two atomic steps that keep a read-through
/// cache from storing a stale value: ``add(_:)`` (store only where nothing is) and
/// ``swap(_:)`` (replace only what is expected). Keys and values are opaque here; ``CacheKeys``
/// makes the keys and ``CachedDocument`` the values.
public protocol DocumentCache: Sendable {
    /// The values of `keys`, in order; nil where a key is absent or expired.
    func get(_ keys: [String]) async throws -> [[UInt8]?]
    /// Stores each entry whether or not its key holds something.
    func set(_ entries: [CacheEntry]) async throws
    /// Stores each entry only where its key holds nothing (Redis's `SET … NX`); whether each was
    /// stored, in order.
    func add(_ entries: [CacheEntry]) async throws -> [Bool]
    /// Replaces each key's value only where it holds exactly the expected bytes, in one atomic
    /// step per key; whether each was replaced, in order.
    func swap(_ swaps: [CacheSwap]) async throws -> [Bool]
    /// Removes the keys.
    func delete(_ keys: [String]) async throws
}

/// A value to store under a key for a time to live.
public struct CacheEntry: Sendable, Hashable {
    /// The key.
    public var key: String
    /// The value.
    public var value: [UInt8]
    /// How long the entry lives (at least a millisecond).
    public var ttl: Duration

    /// Creates an entry.
    public init(key: String, value: [UInt8], ttl: Duration) {
        self.key = key
        self.value = value
        self.ttl = ttl
    }
}

/// A compare-and-set: where `entry.key` holds `expected`, store `entry` (or, when
/// `entry` is nil, remove the key).
public struct CacheSwap: Sendable, Hashable {
    /// The key.
    public var key: String
    /// The bytes the key must hold.
    public var expected: [UInt8]
    /// What to store instead; nil removes the key.
    public var replacement: CacheEntry?

    /// A swap of `expected` at `key` for `value`, which then lives for `ttl`.
    public init(key: String, expected: [UInt8], value: [UInt8], ttl: Duration) {
        self.key = key
        self.expected = expected
        replacement = CacheEntry(key: key, value: value, ttl: ttl)
    }

    /// Removes `key` if it holds `expected`.
    public init(removing key: String, ifHolding expected: [UInt8]) {
        self.key = key
        self.expected = expected
        replacement = nil
    }
}
