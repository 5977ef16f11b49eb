import CanonSchema

extension Translator {
    /// `CanonRuntime.CachedCollection(…)` for each collection whose schema enables `cache:`, for
    /// `CanonSchemaSet.cachedCollections`; the runtime does the caching. Written out in the
    /// support file rather than as a member of the repository, which may be deprecated.
    var cachedCollections: [Expression] {
        ownFiles.flatMap(\.collections).compactMap { collection in
            guard let cache = collection.cache, cache.isEnabled, let ttl = cache.ttl?.value, let path = collection.path?.value,
                  case .model(let model, _)? = schema.lookup(collection.model.value), model.idField != nil else { return nil }
            var policy: [(String?, Expression)] = [("ttl", Self.seconds(ttl))]
            if let negative = cache.negativeTTL?.value { policy.append(("negativeTTL", Self.seconds(negative))) }
            let collectionIDs: [Expression] = path.segments.compactMap { segment in
                if case .collection(let id) = segment { return .literal(.string(id)) }
                return nil
            }
            return Expression.identifier(RuntimeNames.cachedCollection).call([
                ("collectionIDs", .literal(.array(collectionIDs))),
                ("keyPrefix", .literal(.string(cache.keyPrefix?.value ?? collection.info.name))),
                ("policy", Expression.identifier(RuntimeNames.collectionCachePolicy).call(policy)),
            ])
        }
    }

    /// The sentence a cached collection's repository doc gets.
    func cacheNote(_ collection: CollectionDecl) -> String? {
        guard let cache = collection.cache, cache.isEnabled, let ttl = cache.ttl?.value else { return nil }
        let misses = cache.negativeTTL.map { "misses for \($0.value)" } ?? "misses not cached"
        return "Reads by ID are cached for \(ttl) (\(misses)) when the client has a `FirestoreCache`; see `CanonSchemaSet.cachedCollections`."
    }

    private static func seconds(_ duration: Duration) -> Expression {
        Expression.member(nil, "seconds").call([(nil, .literal(.int(duration.seconds)))])
    }
}
