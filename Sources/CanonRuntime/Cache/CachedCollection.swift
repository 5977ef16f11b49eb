/// A collection whose documents are cached, as its schema declares it (`cache:`): generated code
/// lists these, and the runtime does the rest.
public struct CachedCollection: Sendable, Hashable {
    /// The collection IDs along the collection's path: `["user_contexts"]`, or
    /// `["casefiles", "notes"]` for a subcollection (its parents' IDs vary).
    public var collectionIDs: [String]
    /// The prefix of its keys.
    public var keyPrefix: String
    /// Times to live and what is cached.
    public var policy: CollectionCache.Policy

    /// Declares a cached collection.
    public init(collectionIDs: [String], keyPrefix: String, policy: CollectionCache.Policy) {
        self.collectionIDs = collectionIDs
        self.keyPrefix = keyPrefix
        self.policy = policy
    }

    /// Whether a collection path (`casefiles/cf-1/notes`) is this collection. By bytes: an ID
    /// may begin with a combining mark, which Swift's `Character`s would join to the `/`.
    func matches(collectionPath: some StringProtocol) -> Bool {
        let segments = collectionPath.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard segments.count == 2 * collectionIDs.count - 1 else { return false }
        return collectionIDs.enumerated().allSatisfy { index, id in segments[2 * index].elementsEqual(id.utf8) }
    }
}
