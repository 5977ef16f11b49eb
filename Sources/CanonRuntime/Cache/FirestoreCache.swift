import Synchronization

/// The cache in front of Firestore: the ``CollectionCache`` of each cached collection in each
/// database, over one ``DocumentCache``. Give it to the ``FirestoreClient``: repositories of
/// cached collections then read through it, and every write through the client (repository
/// writes, batches, transactions, the client's own calls) invalidates what it wrote, whichever
/// repository wrote it.
public final class FirestoreCache: Sendable {
    /// Where entries are kept.
    public let cache: any DocumentCache
    /// The cached collections.
    public let collections: [CachedCollection]
    /// Each database's collection caches, made on first use, in the order of `collections`.
    private let byDatabase = Mutex<[String: [CollectionCache]]>([:])

    /// Where each collection cache counts its lookups.
    public let telemetry: Telemetry

    /// A cache over `cache` for the `collections` generated code declares (such as
    /// `CanonSchemaSet.cachedCollections`), counting lookups to `telemetry`.
    public init(cache: any DocumentCache, collections: [CachedCollection], telemetry: Telemetry = Telemetry()) {
        self.cache = cache
        self.collections = collections
        self.telemetry = telemetry
    }

    /// The cache of the collection at `collectionPath` (relative to the database) in the database
    /// named `database` (`projects/P/databases/D`), if that collection is cached.
    public func collection(at collectionPath: String, in database: String) -> CollectionCache? {
        collections.firstIndex { $0.matches(collectionPath: collectionPath) }.map { caches(database)[$0] }
    }

    /// Invalidates the documents at `paths` (relative to the database named `database`) in the
    /// caches of their collections; documents of collections not cached are skipped.
    public func invalidate(_ paths: [String], in database: String) async {
        var byCollection: [Int: [String]] = [:]
        for path in paths {
            // By bytes, as in `CachedCollection.matches`.
            guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { continue }
            let collectionPath = Substring(path.utf8[..<slash])
            if let index = collections.firstIndex(where: { $0.matches(collectionPath: collectionPath) }) {
                byCollection[index, default: []].append(path)
            }
        }
        guard !byCollection.isEmpty else { return }
        let caches = caches(database)
        for (index, paths) in byCollection.sorted(by: { $0.key < $1.key }) { await caches[index].invalidate(paths) }
    }

    /// The cache of each of ``collections`` in the database named `database`, in order (for
    /// their statistics).
    public func caches(in database: String) -> [CollectionCache] { caches(database) }

    private func caches(_ database: String) -> [CollectionCache] {
        byDatabase.withLock { byDatabase in
            if let caches = byDatabase[database] { return caches }
            let caches = collections.map { declaration in
                CollectionCache(cache: cache, keys: CacheKeys(prefix: declaration.keyPrefix, database: CacheKeys.database(database),
                                                              collection: declaration.collectionIDs.last ?? ""),
                                policy: declaration.policy, telemetry: telemetry)
            }
            byDatabase[database] = caches
            return caches
        }
    }
}
