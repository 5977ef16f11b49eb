/// How a cached collection names its entries: `prefix:database:collection:fingerprint:{path}`.
///
/// - The database (`project/database`, such as `demo/(default)`) keeps the documents of two
///   projects or databases that share a Redis apart.
/// - The fingerprint names the stored shape of the model (its fields, types and storage keys),
///   so entries written by a build with another shape are never read: a schema change never
///   decodes an old shape.
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
    /// The model's stored shape.
    public var fingerprint: String

    /// Keys for one collection's documents in `database` (`project/database`).
    public init(prefix: String, database: String = "", collection: String, fingerprint: String) {
        self.prefix = prefix
        self.database = database
        self.collection = collection
        self.fingerprint = fingerprint
    }

    /// The database part of a database's resource name (`projects/P/databases/D`): `P/D`.
    public static func database(_ name: String) -> String {
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count == 4, segments[0] == "projects", segments[2] == "databases" else { return name }
        return segments[1] + "/" + segments[3]
    }

    /// The key of the document at `path`, relative to the database.
    public func key(for path: String) -> String {
        var key = Self.escape(prefix, keeping: UInt8(ascii: ":"))
        if !database.isEmpty { key += ":" + Self.escape(database, keeping: UInt8(ascii: "/")) }
        key += ":" + Self.escape(collection) + ":" + Self.escape(fingerprint) + ":{"
        key += Self.escape(path, keeping: UInt8(ascii: "/")) + "}"
        return key
    }

    /// ``RedisKeyText/escape(_:keeping:)``.
    static func escape(_ part: String, keeping: UInt8? = nil) -> String { RedisKeyText.escape(part, keeping: keeping) }
}
