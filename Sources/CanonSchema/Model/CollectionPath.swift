/// A Firestore collection path with placeholders for parent document IDs:
/// `casefiles` or `casefiles/{casefileId}/notes`.
public struct CollectionPath: Sendable, Hashable, CustomStringConvertible {
    /// One segment of a path.
    public enum Segment: Sendable, Hashable {
        /// A collection ID, such as `casefiles`.
        case collection(String)
        /// A parent document's ID, such as `{casefileId}`.
        case placeholder(String)
    }

    /// The segments, alternating collection IDs and placeholders, ending with a collection ID.
    public var segments: [Segment]

    /// Creates a path.
    public init(segments: [Segment]) { self.segments = segments }

    /// The last collection ID.
    public var collectionID: String {
        if case .collection(let id) = segments.last { return id }
        return ""
    }

    /// The path of the parent collection, for a subcollection.
    public var parentCollectionPath: CollectionPath? {
        guard segments.count >= 3 else { return nil }
        return CollectionPath(segments: Array(segments.dropLast(2)))
    }

    /// The path with every placeholder written `{}`: two paths of one shape address the same
    /// documents, whatever their placeholders are called.
    public var shape: String {
        segments.map { if case .collection(let id) = $0 { id } else { "{}" } }.joined(separator: "/")
    }

    /// The placeholder names, outermost first.
    public var placeholders: [String] {
        segments.compactMap { if case .placeholder(let name) = $0 { name } else { nil } }
    }

    /// The path as written.
    public var description: String {
        segments.map {
            switch $0 {
            case .collection(let id): id
            case .placeholder(let name): "{\(name)}"
            }
        }.joined(separator: "/")
    }
}
