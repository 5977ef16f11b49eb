import FirestoreNaming

/// A path to a field inside a document: `a.b.c` as segments, so that a segment may itself
/// contain dots or other characters (Firestore quotes those with backticks).
public struct FieldPath: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The segments, outermost first.
    public var segments: [String]

    /// A path from its segments.
    public init(_ segments: [String]) { self.segments = segments }

    /// Parses a dotted path as written in an update (`a.b`), rejecting empty segments and the
    /// characters Firestore reserves (`~*/[]`).
    public init(dotted: String) throws(WriteError) {
        let parts = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !parts.contains(where: \.isEmpty) else { throw WriteError("field path '\(dotted)' has an empty segment") }
        guard !dotted.contains(where: { "~*/[]".contains($0) }) else {
            throw WriteError("field path '\(dotted)' contains one of the reserved characters ~*/[]")
        }
        self.segments = parts
    }

    /// The path as Firestore writes it in masks and transforms: simple segments bare, others in
    /// backticks, with backslashes and backticks inside escaped by a backslash.
    public var encoded: String { FieldPathSyntax.encoded(segments) }

    public var description: String { encoded }

    /// Whether `self` is a proper prefix of `other`, or equal to it.
    public func isPrefix(of other: FieldPath) -> Bool {
        segments.count <= other.segments.count && Array(other.segments.prefix(segments.count)) == segments
    }

    public static func < (lhs: FieldPath, rhs: FieldPath) -> Bool {
        lhs.segments.lexicographicallyPrecedes(rhs.segments)
    }

    func appending(_ segment: String) -> FieldPath { FieldPath(segments + [segment]) }
}

/// A write that cannot be built: the data or the options break one of Firestore's rules.
public struct WriteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
