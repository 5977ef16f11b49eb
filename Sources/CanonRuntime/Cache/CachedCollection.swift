/// A collection whose documents are cached, as its schema declares it (`cache:`): generated code
/// lists these, and the runtime does the rest.
public struct CachedCollection: Sendable, Hashable {
    /// The collection IDs along the collection's path: `["user_contexts"]`, or
    /// `["casefiles", "notes"]` for a subcollection (its parents' IDs vary).
    public var collectionIDs: [String]
    /// The prefix of its keys.
    public var keyPrefix: String
    /// The stored shape of its model: a new shape never reads entries of an old one.
    public var fingerprint: String
    /// Times to live and what is cached.
    public var policy: CollectionCache.Policy

    /// Declares a cached collection.
    public init(collectionIDs: [String], keyPrefix: String, fingerprint: String, policy: CollectionCache.Policy) {
        self.collectionIDs = collectionIDs
        self.keyPrefix = keyPrefix
        self.fingerprint = fingerprint
        self.policy = policy
    }

    /// Whether a collection path (`casefiles/cf-1/notes`) is this collection.
    func matches(collectionPath: some StringProtocol) -> Bool {
        let segments = collectionPath.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count == 2 * collectionIDs.count - 1 else { return false }
        return collectionIDs.enumerated().allSatisfy { index, id in segments[2 * index] == id }
    }
}
