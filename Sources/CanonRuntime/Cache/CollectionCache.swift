/// The read-through cache of one collection: keys from ``CacheKeys``, entries in the one
/// ``CachedDocument`` format, times to live with jitter, optional negative caching, and, while
/// the cache works, one database read for concurrent misses of a key in this process.
///
/// **It fails open.** A cache that errs is bypassed: the read goes to the database and the error
/// is counted, never thrown. An invalidation that fails is retried in the background, and until
/// it lands this process reads that document from the database.
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
///    and with it any lease. The delete runs even when the writer's task is cancelled.
///
/// So a stored value was read after its lease was added, and no invalidation came between: any
/// write whose invalidation finished before a read began is in what that read finds. A lease
/// lost to eviction or expiry makes the fill fail, never succeed. Followers of a shared read
/// take an answer only from a fill that found its lease, or from a read that began after they
/// joined.
///
/// What this rests on:
/// - One Redis server whose deletes stay deleted: a failover to a replica, or a restart from a
///   snapshot or log, may bring back an entry or a lease that an acknowledged delete removed.
/// - For the in-memory cache, one process: another process's writes never reach it.
/// - The writer reaching the cache. When it cannot, its invalidation is retried in the
///   background for as long as an entry from before the write can live; other processes may read
///   the old entry until a retry lands or the entry expires. A process that dies between its
///   commit and its delete, or that holds more than 100,000 failed invalidations (it then drops
///   them and bypasses the cache itself), leaves the old entries to their times to live.
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
    public let statistics: CacheStatistics
    private let loads = SharedLoads()
    private let pending: PendingInvalidations
    /// How often a reader reads again when a write came during a shared read, before it reads
    /// the database without the cache.
    private let attempts = 3
    /// How long a reader waits, in all, for another reader's lease to become a value.
    private let leaseWaits: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(40)]

    /// The cache of one collection's documents; its lookups are counted to `telemetry` too
    /// (`canon.cache.requests`).
    public init(cache: any DocumentCache, keys: CacheKeys, policy: Policy, telemetry: Telemetry = Telemetry()) {
        self.cache = cache
        statistics = CacheStatistics(collection: keys.collection, telemetry: telemetry)
        self.keys = keys
        self.policy = policy
        let statistics = statistics
        pending = PendingInvalidations(lifetime: max(policy.ttl, policy.negativeTTL ?? .zero) + policy.loadBound,
                                       delete: { try await cache.delete($0) }, failed: { statistics.count(\.errors) })
    }

    // MARK: Reading

    /// The document at `path` (relative to the database): from the cache, or from `load` (the
    /// database), whose answer is then stored as the type explains. While the cache works,
    /// concurrent misses of one key in this process make one `load`.
    public func read(_ path: String, load: () async throws -> FirestoreDocument?) async throws -> FirestoreDocument? {
        let key = keys.key(for: path)
        guard !pending.blocks(key) else {
            statistics.count(\.bypasses)
            return try await load()
        }
        for attempt in 0..<attempts {
            let found: CachedDocument?
            do {
                found = try await entries([key])[0]
            } catch {
                statistics.countFailure(error)
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
    /// `load` of the missing paths, which answers each document it found with its path (paths
    /// are matched byte for byte; absent ones do not exist). Those answers are then stored as for
    /// one read. Not shared with other readers.
    public func read(_ paths: [String], load: ([String]) async throws -> [(path: String, document: FirestoreDocument)]) async throws -> [FirestoreDocument?] {
        guard !paths.isEmpty else { return [] }
        let keys = paths.map(self.keys.key(for:))
        var results = [FirestoreDocument?](repeating: nil, count: paths.count)
        var looked: [Int] = []
        var missing: [Int] = []
        for index in paths.indices {
            if pending.blocks(keys[index]) { missing.append(index) } else { looked.append(index) }
        }
        statistics.count(\.bypasses, by: missing.count)
        var cacheWorks = !looked.isEmpty
        if !looked.isEmpty {
            do {
                for (index, entry) in zip(looked, try await entries(looked.map { keys[$0] })) {
                    switch entry {
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
                statistics.countFailure(error)
                statistics.count(\.bypasses, by: looked.count)
                missing += looked
                cacheWorks = false
            }
        }
        guard !missing.isEmpty else { return results }
        missing.sort()
        // Leases for the keys that were looked up and missed.
        var leases: [(index: Int, lease: [UInt8])] = []
        let lookedUp = Set(looked)
        let leasing = cacheWorks ? missing.filter(lookedUp.contains) : []
        if !leasing.isEmpty {
            let wanted = leasing.map { ($0, CachedDocument.newLease().bytes) }
            do {
                let added = try await checked(cache.add(wanted.map { CacheEntry(key: keys[$0.0], value: $0.1, ttl: policy.loadBound) }), wanted.count)
                leases = zip(wanted, added).filter(\.1).map { (index: $0.0.0, lease: $0.0.1) }
            } catch {
                statistics.countFailure(error)
            }
        }
        let found: [(path: String, document: FirestoreDocument)]
        do {
            found = try await load(missing.map { paths[$0] })
        } catch {
            let releases = leases.map { CacheSwap(removing: keys[$0.index], ifHolding: $0.lease) }
            if !releases.isEmpty { await shielded { [cache] in try await cache.swap(releases) } }
            throw error
        }
        let byPath = Dictionary(found.map { (Array($0.path.utf8), $0.document) }, uniquingKeysWith: { first, _ in first })
        for index in missing { results[index] = byPath[Array(paths[index].utf8)] }
        if !leases.isEmpty {
            let fills = leases.map { fill(keys[$0.index], lease: $0.lease, results[$0.index]) }
            if let swapped = await shielded({ [cache] in try await cache.swap(fills) }), swapped.count == fills.count {
                statistics.count(\.refusedFills, by: swapped.filter { !$0 }.count)
            } else {
                statistics.count(\.errors)
            }
        }
        return results
    }

    // MARK: Invalidating

    /// Removes the entries of the documents at `paths`, and with them any reader's lease: call
    /// it after every commit that wrote them, also a failed one. It runs to its end even when
    /// the calling task is cancelled, and never throws: keys the cache could not remove are
    /// retried in the background, and this process reads them from the database until then.
    public func invalidate(_ paths: [String]) async {
        guard !paths.isEmpty else { return }
        let keys = paths.map(self.keys.key(for:))
        let failed = await shielded { [cache] in
            let start = ContinuousClock.now
            do {
                try await cache.delete(keys)
                return (keys, start, false)
            } catch {
                return (keys, start, true)
            }
        }
        guard let (keys, start, didFail) = failed else { return }
        if didFail {
            statistics.count(\.errors)
            pending.add(keys)
        } else {
            pending.cleared(keys, at: start)
        }
    }

    /// Whether invalidations that failed are waiting for a retry.
    var hasPendingInvalidations: Bool { !pending.isEmpty }

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
            granted = try await checked(cache.add([CacheEntry(key: key, value: lease, ttl: policy.loadBound)]), 1)[0]
        } catch {
            statistics.countFailure(error)
            cacheWorks = false
        }
        guard granted else {
            // Another reader's lease (perhaps another process's), or a value stored since the
            // look-up. Closed first, so that whatever is read next began after every follower
            // joined; then a short wait for the other reader's value.
            loads.close(key, shared)
            if cacheWorks, let document = try await awaitValue(key) {
                statistics.count(\.hits)
                shared.finish(.fresh(.success(document)))
                return document
            }
            return try await loadSharing(load, shared)
        }
        let document: FirestoreDocument?
        do {
            document = try await load()
        } catch {
            loads.close(key, shared)
            shared.finish(error is CancellationError ? .retry : .fresh(.failure(error)))
            await shielded { try await self.cache.swap([CacheSwap(removing: key, ifHolding: lease)]) }
            throw error
        }
        loads.close(key, shared)
        // Shielded: a cancelled leader's fill still replaces its lease, which would otherwise
        // hold the key for the load bound.
        let fill = fill(key, lease: lease, document)
        switch await shielded({ [cache] in try await cache.swap([fill]) }) {
        case [true]?:
            shared.finish(.fresh(.success(document)))
        case [false]?:
            statistics.count(\.refusedFills)
        default:
            statistics.count(\.errors)
        }
        return document
    }

    /// The value another reader stores under `key`, looked for a few times over a short wait
    /// while its lease stands: `.some(nil)` for a cached miss, nil when none came.
    private func awaitValue(_ key: String) async throws -> FirestoreDocument?? {
        for pause in [Duration.zero] + leaseWaits {
            if pause > .zero { try await Task.sleep(for: pause) }
            let entry: CachedDocument?
            do {
                entry = try await entries([key])[0]
            } catch {
                statistics.countFailure(error)
                return nil
            }
            switch entry {
            case .document(let document)?: return .some(document)
            case .missing?: return .some(nil)
            case .lease?: continue
            case nil: return nil
            }
        }
        return nil
    }

    /// A database read begun after the load was closed: fresh for every follower.
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

    // MARK: Plumbing

    /// The entries under `keys`, one per key (what does not read back is nil).
    private func entries(_ keys: [String]) async throws -> [CachedDocument?] {
        try await checked(cache.get(keys), keys.count).map { $0.flatMap(CachedDocument.init(bytes:)) }
    }

    /// `answers`, if there is one per request; otherwise the cache broke its contract.
    private func checked<Answer>(_ answers: [Answer], _ count: Int) throws -> [Answer] {
        guard answers.count == count else { throw CacheAnswerMismatch(expected: count, got: answers.count) }
        return answers
    }

    /// Runs `work` to its end in a task of its own, so that the caller's cancellation does not
    /// stop it (a delete that must reach the cache); its result, nil if it threw.
    @discardableResult
    private func shielded<Result: Sendable>(_ work: @escaping @Sendable () async throws -> Result) async -> Result? {
        await Task { try? await work() }.value
    }
}

/// A ``DocumentCache`` answered a different number of values than it was asked for.
struct CacheAnswerMismatch: Error {
    var expected: Int
    var got: Int
}
