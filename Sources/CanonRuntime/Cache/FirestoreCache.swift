/// The cache in front of Firestore: the ``CollectionCache`` of each cached collection, over one
/// ``DocumentCache``. Give it to the ``FirestoreClient``: repositories of cached collections then
/// read through it, and every commit through the client (repository writes, batches,
/// transactions) invalidates what it wrote, whichever repository wrote it.
public final class FirestoreCache: Sendable {
    /// Where entries are kept.
    public let cache: any DocumentCache
    /// Each cached collection with its cache.
    public let collections: [(declaration: CachedCollection, cache: CollectionCache)]

    /// A cache over `cache` for the `collections` generated code declares (such as
    /// `CanonSchemaSet.cachedCollections`).
    public init(cache: any DocumentCache, collections: [CachedCollection]) {
        self.cache = cache
        self.collections = collections.map { declaration in
            let keys = CacheKeys(prefix: declaration.keyPrefix, collection: declaration.collectionIDs.last ?? "", fingerprint: declaration.fingerprint)
            return (declaration, CollectionCache(cache: cache, keys: keys, policy: declaration.policy))
        }
    }

    /// The cache of the collection at `collectionPath` (relative to the database), if cached.
    public func collection(at collectionPath: String) -> CollectionCache? {
        collections.first { $0.declaration.matches(collectionPath: collectionPath) }?.cache
    }

    /// Invalidates the documents at `paths` (relative to the database) in the caches of their
    /// collections; documents of collections not cached are skipped.
    public func invalidate(_ paths: [String]) async {
        var byCollection: [Int: [String]] = [:]
        for path in paths {
            guard let slash = path.lastIndex(of: "/") else { continue }
            let collectionPath = path[..<slash]
            if let index = collections.firstIndex(where: { $0.declaration.matches(collectionPath: collectionPath) }) {
                byCollection[index, default: []].append(path)
            }
        }
        for (index, paths) in byCollection.sorted(by: { $0.key < $1.key }) { await collections[index].cache.invalidate(paths) }
    }
}
