/// A reference to a document of `Model`, by its path relative to the database root
/// (`casefiles/abc` or `casefiles/abc/notes/n1`).
///
/// Encodes to plain JSON as the path. The Firestore coder writes a `referenceValue` with the
/// full resource name.
public struct DocumentReference<Model>: Sendable, Hashable, StringCoded, CustomStringConvertible, AnyDocumentReference {
    /// The document's path relative to the database root.
    public let path: String

    /// A reference from a path with an even number of segments.
    public init(path: String) { self.path = path }

    /// The last segment of the path.
    public var documentID: DocumentID<Model> {
        DocumentID(String(path.split(separator: "/").last ?? ""))
    }

    public var description: String { path }

    public init?(codedString: String) { self.path = codedString }

    public var codedString: String { path }
}

/// What the Firestore coder needs of any ``DocumentReference``, whatever its model.
public protocol AnyDocumentReference {
    /// The document's path relative to the database root.
    var path: String { get }
    /// A reference from a relative path.
    init(path: String)
}
