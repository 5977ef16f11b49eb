/// A Firestore collection: where documents of one model are stored, how they get IDs, how
/// they are cached, and the named queries a service runs on them.
public struct CollectionDecl: Sendable {
    /// How new documents get their IDs.
    public enum IDStrategy: String, Sendable, Hashable, CaseIterable {
        /// Firestore generates a 20-character ID on create (the default).
        case server
        /// The caller supplies the ID.
        case client
        /// The runtime generates a random UUID.
        case uuid
    }

    /// Read-through caching of documents in Redis.
    public struct CacheSettings: Sendable, Hashable {
        /// Whether caching is on.
        public var isEnabled: Bool
        /// How long a cached document lives.
        public var ttl: Located<Duration>?
        /// How long a cached miss (no such document) lives; nil caches no misses.
        public var negativeTTL: Located<Duration>? = nil
        /// The prefix of cache keys; the collection's name when not given.
        public var keyPrefix: Located<String>?
        /// Where `cache:` was written.
        public var location: SourceLocation
    }

    /// Name (the repository's name), location, doc and deprecation.
    public var info: DeclarationInfo
    /// The stored model's name.
    public var model: Located<String>
    /// The collection path; nil only in a set with errors, when the path did not parse.
    public var path: Located<CollectionPath>?
    /// How new documents get IDs.
    public var idStrategy: IDStrategy
    /// Caching, if configured.
    public var cache: CacheSettings?
    /// Named queries, in schema order.
    public var queries: [QueryDecl]
}
