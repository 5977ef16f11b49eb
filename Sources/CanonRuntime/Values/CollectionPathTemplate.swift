/// Where a collection's documents live, below the database root: `casefiles`, or
/// `tool_sessions/{toolSessionId}/requests` for a subcollection, whose placeholders stand for its
/// parents' IDs. Generated models list theirs (``FirestoreStorable/collectionPaths``), so that a
/// ``DocumentReference`` to one is checked against them.
public struct CollectionPathTemplate: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The path's segments: collection IDs at even positions, placeholders (`{name}`) at odd ones.
    public let segments: [String]

    /// The template of a path written as in a schema.
    public init(_ path: String) {
        segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    }

    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { segments.joined(separator: "/") }

    /// The last segment: the ID every collection of the template has.
    public var collectionID: String { segments.last ?? "" }

    /// Whether a collection path (`tool_sessions/s1/requests`) fits: the same collection IDs, any
    /// IDs where the placeholders are.
    public func matches(collectionPath segments: some Collection<Substring>) -> Bool {
        guard segments.count == self.segments.count else { return false }
        return zip(self.segments, segments).allSatisfy { template, segment in
            template.hasPrefix("{") || template == segment
        }
    }
}
