/// How a cached collection names its entries: `prefix:database:collection:v1:{path}`.
///
/// - The database (`project/database`, such as `demo/(default)`) keeps the documents of two
///   projects or databases that share a Redis apart.
/// - `v1` is the version of the entry format (``CachedDocument``): a build that wrote another
///   format would read none of these entries. The model's schema is not part of the key, on
///   purpose: an entry holds the document exactly as Firestore stores it, so a build of any
///   schema reads it as it would read Firestore, and every build's writers invalidate the one key
///   every build reads (a key per schema would let one build's entries outlive another build's
///   writes during a rolling deploy).
/// - The document's path relative to the database (`casefiles/cf-1`, or
///   `casefiles/cf-1/notes/n-2`) is in braces, Redis Cluster's hash tag: an entity's entry and any
///   key derived from it with the same tag share one slot.
/// - Keys are ASCII: each part is escaped as ``RedisKeyText`` says (keeping `/` between a
///   path's segments and `:` in the prefix), so no ID can change a key's structure and IDs that
///   differ in any byte never share a key.
public struct CacheKeys: Sendable, Hashable {
    /// The prefix of every key, such as the service's name.
    public var prefix: String
    /// The database: `project/database`; left out of keys when empty.
    public var database: String
    /// The collection's ID (its path's last segment).
    public var collection: String

    /// Keys for one collection's documents in `database` (`project/database`).
    public init(prefix: String, database: String = "", collection: String) {
        self.prefix = prefix
        self.database = database
        self.collection = collection
    }

    /// The database part of a database's resource name (`projects/P/databases/D`): `P/D`.
    public static func database(_ name: String) -> String {
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count == 4, segments[0] == "projects", segments[2] == "databases" else { return name }
        return segments[1] + "/" + segments[3]
    }

    /// The key of the document at `path`, relative to the database.
    public func key(for path: String) -> String {
        var key = RedisKeyText.escape(prefix, keeping: UInt8(ascii: ":"))
        if !database.isEmpty { key += ":" + RedisKeyText.escape(database, keeping: UInt8(ascii: "/")) }
        key += ":" + RedisKeyText.escape(collection) + ":v\(CachedDocument.formatVersion):{"
        key += RedisKeyText.escape(path, keeping: UInt8(ascii: "/")) + "}"
        return key
    }
}
