/// The read-through cache of one collection: keys from ``CacheKeys``, entries in the one
/// ``CachedDocument`` format, times to live with jitter, optional negative caching, and one
/// database read for concurrent misses of a key in this process.
///
/// **It fails open.** A cache that errs is bypassed: the read goes to the database and the error
/// is counted, never thrown. An invalidation that fails is retried with later cache calls, and
/// until it lands this process reads that document from the database.
///
/// **No stale read follows a completed write.** The race: a reader misses, reads the old version
/// from the database and is slow to store it; meanwhile a writer commits and invalidates the
/// entry; then the reader stores the old version, which every read would return until it
/// expired. Readers therefore fill only with a lease:
/// 1. On a miss, the reader adds a random lease under the key (`SET … NX`, living
///    ``Policy/loadBound``) before it reads the database.
/// 2. After reading, it swaps the lease for the document (compare-and-set). The swap succeeds
///    only if the lease is still there.
/// 3. A writer, after its commit (also a failed one, which may have landed), deletes the key,
///    and with it any lease.
///
/// So a stored value was read after its lease was added, and no invalidation came between: any
/// write whose invalidation finished before a read began is in what that read finds. A lease
/// lost to eviction, expiry or a restart makes the fill fail, never succeed. Followers of a
/// shared read trust the leader's answer only when its fill succeeded (``SharedLoad``).
///
/// What this rests on: one Redis server (a failover to a replica may lose an acknowledged
/// delete), and, for the in-memory cache, one process (another process's writes never reach it).
/// A writer that cannot reach the cache leaves other processes reading the old entry until
/// a retried invalidation lands or the entry expires.
public final class CollectionCache: Sendable {
    /// How long entries live, and what is cached.
    public struct Policy: Sendable, Hashable {
        /// How long a document stays cached.
        public var ttl: Duration
        /// How long a miss stays cached; nil caches no misses.
        public var negativeTTL: Duration?
        /// The share of a time to live taken off at random (0.1: up to 10% shorter), so that
        /// entries written together do not expire together.
        public var jitter: Double
        /// How long a reader's lease lives: a database read that takes longer is not stored.
        public var loadBound: Duration

        /// Creates a policy; `jitter` is kept within 0...0.9.
        public init(ttl: Duration, negativeTTL: Duration? = nil, jitter: Double = 0.1, loadBound: Duration = .seconds(10)) {
            self.ttl = ttl
            self.negativeTTL = negativeTTL
            self.jitter = min(max(jitter, 0), 0.9)
            self.loadBound = loadBound
        }
    }

    /// Where the entries are kept.
    public let cache: any DocumentCache
    /// How entries are named.
    public let keys: CacheKeys
    /// Times to live and what is cached.
    public let policy: Policy
    /// Hits, misses, errors, bypasses, shared reads and refused fills so far.
    public let statistics = CacheStatistics()
    private let loads = SharedLoads()
    private let pending: PendingInvalidations
    /// How often a reader reads again when a write came during a shared read, before it reads
    /// the database without the cache.
    private let attempts = 3

    /// The cache of one collection's documents.
    public init(cache: any DocumentCache, keys: CacheKeys, policy: Policy) {
        self.cache = cache
        self.keys = keys
        self.policy = policy
        pending = PendingInvalidations(lifetime: max(policy.ttl, policy.negativeTTL ?? .zero) + policy.loadBound)
    }

    // MARK: Reading

    /// The document at `path` (relative to the database): from the cache, or from `load` (the
    /// database), whose answer is then stored as the type explains. Concurrent misses of one
    /// key in this process make one `load`.
    public func read(_ path: String, load: () async throws -> FirestoreDocument?) async throws -> FirestoreDocument? {
        let key = keys.key(for: path)
        guard await usable(key) else {
            statistics.count(\.bypasses)
            return try await load()
        }
        for attempt in 0..<attempts {
            let found: CachedDocument?
            do {
                found = try await cache.get([key])[0].flatMap(CachedDocument.init(bytes:))
            } catch {
                statistics.count(\.errors)
                statistics.count(\.bypasses)
                return try await load()
            }
            switch found {
            case .document(let document)?:
                statistics.count(\.hits)
                return document
            case .missing?:
                statistics.count(\.hits)
                return nil
            case .lease?, nil:
                if attempt == 0 { statistics.count(\.misses) }
            }
            switch loads.join(key) {
            case .leader(let shared):
                return try await lead(key, shared, load)
            case .follower(let shared):
                statistics.count(\.coalesced)
                if case .fresh(let result) = try await shared.wait() { return try result.get() }
            }
        }
        statistics.count(\.bypasses)
        return try await load()
    }

    /// The documents at `paths`, in order: cached ones from the cache, the others from one
    /// `load` of the missing paths, which answers the documents it found by path (absent ones
    /// do not exist); those answers are then stored as for one read. Not shared with other
    /// readers.
    public func read(_ paths: [String], load: ([String]) async throws -> [String: FirestoreDocument]) async throws -> [FirestoreDocument?] {
        guard !paths.isEmpty else { return [] }
        let keys = paths.map(self.keys.key(for:))
        var results = [FirestoreDocument?](repeating: nil, count: paths.count)
        var looked: [Int] = []
        var missing: [Int] = []
        for index in paths.indices {
            if await usable(keys[index]) { looked.append(index) } else { missing.append(index) }
        }
        statistics.count(\.bypasses, by: missing.count)
        var cacheWorks = !looked.isEmpty
        if !looked.isEmpty {
            do {
                let values = try await cache.get(looked.map { keys[$0] })
                for (index, value) in zip(looked, values) {
                    switch value.flatMap(CachedDocument.init(bytes:)) {
                    case .document(let document)?:
                        statistics.count(\.hits)
                        results[index] = document
                    case .missing?:
                        statistics.count(\.hits)
                    case .lease?, nil:
                        statistics.count(\.misses)
                        missing.append(index)
                    }
                }
            } catch {
                statistics.count(\.errors)
                statistics.count(\.bypasses, by: looked.count)
                missing += looked
                cacheWorks = false
            }
        }
        guard !missing.isEmpty else { return results }
        missing.sort()
        // Leases for the keys that were looked up and missed.
        var leases: [Int: [UInt8]] = [:]
        let lookedUp = Set(looked)
        let leasing = cacheWorks ? missing.filter(lookedUp.contains) : []
        if !leasing.isEmpty {
            let wanted = leasing.map { ($0, CachedDocument.newLease().bytes) }
            do {
                let added = try await cache.add(wanted.map { CacheEntry(key: keys[$0.0], value: $0.1, ttl: policy.loadBound) })
                for ((index, lease), granted) in zip(wanted, added) where granted { leases[index] = lease }
            } catch {
                statistics.count(\.errors)
            }
        }
        let found = try await load(missing.map { paths[$0] })
        for index in missing { results[index] = found[paths[index]] }
        let fills = leases.sorted { $0.key < $1.key }.map { index, lease in fill(keys[index], lease: lease, results[index]) }
        if !fills.isEmpty {
            do {
                let swapped = try await cache.swap(fills)
                statistics.count(\.refusedFills, by: swapped.filter { !$0 }.count)
            } catch {
                statistics.count(\.errors)
            }
        }
        return results
    }

    // MARK: Invalidating

    /// Removes the entries of the documents at `paths`, and with them any reader's lease: call
    /// it after every commit that wrote them, also a failed one. Never throws: a key the cache
    /// could not remove is retried with later calls, and this process reads it from the
    /// database until then.
    public func invalidate(_ paths: [String]) async {
        let now = ContinuousClock.now
        let retried = pending.due()
        let keys = paths.map(self.keys.key(for:))
        guard !(keys + retried).isEmpty else { return }
        do {
            try await cache.delete(Array(Set(keys + retried)))
            pending.cleared(retried, at: now)
        } catch {
            statistics.count(\.errors)
            pending.add(keys)
        }
    }

    /// Whether the cache may answer for `key`: not while its invalidation is pending (a retry
    /// is tried first).
    private func usable(_ key: String) async -> Bool {
        guard !pending.isEmpty else { return true }
        let retried = pending.due()
        if !retried.isEmpty {
            let now = ContinuousClock.now
            do {
                try await cache.delete(retried)
                pending.cleared(retried, at: now)
            } catch {
                statistics.count(\.errors)
            }
        }
        return !pending.blocks(key)
    }

    // MARK: Filling

    /// Leads a shared read of `key`: lease, database, fill.
    private func lead(_ key: String, _ shared: SharedLoad, _ load: () async throws -> FirestoreDocument?) async throws -> FirestoreDocument? {
        defer {
            loads.close(key, shared)
            shared.finish(.retry)  // ignored when finished below
        }
        let lease = CachedDocument.newLease().bytes
        var granted = false
        var cacheWorks = true
        do {
            granted = try await cache.add([CacheEntry(key: key, value: lease, ttl: policy.loadBound)])[0]
        } catch {
            statistics.count(\.errors)
            cacheWorks = false
        }
        guard granted else {
            // Another reader's lease, or a value stored since the look-up. Closed first, so
            // every follower joined before what is read next.
            loads.close(key, shared)
            if cacheWorks, let value = try? await cache.get([key])[0], let entry = CachedDocument(bytes: value) {
                switch entry {
                case .document(let document):
                    shared.finish(.fresh(.success(document)))
                    return document
                case .missing:
                    shared.finish(.fresh(.success(nil)))
                    return nil
                case .lease:
                    break
                }
            }
            return try await loadSharing(load, shared)
        }
        let document: FirestoreDocument?
        do {
            document = try await load()
        } catch {
            loads.close(key, shared)
            shared.finish(error is CancellationError ? .retry : .fresh(.failure(error)))
            _ = try? await cache.swap([CacheSwap(removing: key, ifHolding: lease)])
            throw error
        }
        loads.close(key, shared)
        do {
            if try await cache.swap([fill(key, lease: lease, document)])[0] {
                shared.finish(.fresh(.success(document)))
            } else {
                statistics.count(\.refusedFills)
            }
        } catch {
            statistics.count(\.errors)
        }
        return document
    }

    /// A database read after the load was closed: fresh for every follower.
    private func loadSharing(_ load: () async throws -> FirestoreDocument?, _ shared: SharedLoad) async throws -> FirestoreDocument? {
        do {
            let document = try await load()
            shared.finish(.fresh(.success(document)))
            return document
        } catch {
            shared.finish(error is CancellationError ? .retry : .fresh(.failure(error)))
            throw error
        }
    }

    /// The swap of a lease for a database answer: the document, a negative entry, or (misses not
    /// cached) nothing.
    private func fill(_ key: String, lease: [UInt8], _ document: FirestoreDocument?) -> CacheSwap {
        if let document { return CacheSwap(key: key, expected: lease, value: CachedDocument.document(document).bytes, ttl: jittered(policy.ttl)) }
        if let negative = policy.negativeTTL { return CacheSwap(key: key, expected: lease, value: CachedDocument.missing.bytes, ttl: jittered(negative)) }
        return CacheSwap(removing: key, ifHolding: lease)
    }

    /// `ttl` less up to the policy's jitter share, at random.
    func jittered(_ ttl: Duration) -> Duration {
        guard policy.jitter > 0 else { return ttl }
        return ttl * (1 - policy.jitter * Double.random(in: 0..<1))
    }
}
