/// A reference to a document of `Model`, by its path relative to the database root
/// (`casefiles/abc` or `tool_sessions/s1/requests/r1`).
///
/// Make one with a repository's `reference(to:)`, never from a string. A reference is checked
/// wherever it enters or leaves: decoding one (from Firestore or JSON) and encoding one for a
/// write fail unless its path names a document in one of `Model`'s collections
/// (``FirestoreStorable/collectionPaths``) and each segment is a valid document ID. A
/// subcollection's reference carries its parents: the generated code gives it their typed IDs
/// (`reference.toolSessionId`).
///
/// Encodes to plain JSON as the path. The Firestore coder writes a `referenceValue` with the
/// full resource name.
public struct DocumentReference<Model>: Sendable, Hashable, StringCoded, CustomStringConvertible, AnyDocumentReference {
    /// The document's path relative to the database root.
    public let path: String

    /// A reference whose path is already known to be good (a repository's own).
    init(unchecked path: String) { self.path = path }

    /// A reference from a path, checked as decoding checks it.
    ///
    /// - Throws: ``RepositoryError/invalidReference(_:reason:)``.
    public init(path: String) throws(RepositoryError) {
        try Self.check(path)
        self.path = path
    }

    /// The last segment of the path.
    public var documentID: DocumentID<Model> {
        DocumentID(String(path[path.index(after: path.lastIndex(of: "/") ?? path.startIndex)...]))
    }

    /// The path of the document's collection: every segment but the last.
    public var collectionPath: String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// The segment at `index` of the path: a parent's ID at an odd index. Generated accessors
    /// name them (`toolSessionId`).
    @_spi(Generated) public func segment(_ index: Int) -> String {
        String(path.split(separator: "/", omittingEmptySubsequences: false)[index])
    }

    public var description: String { path }

    public init?(codedString: String) { try? self.init(path: codedString) }

    public var codedString: String { path }

    /// Throws unless `path` has an even number of valid segments and fits one of `Model`'s
    /// collection paths (when `Model` lists them).
    static func check(_ path: String) throws(RepositoryError) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count >= 2, segments.count % 2 == 0 else {
            throw .invalidReference(Self.shown(path), reason: "a document's path has an even number of segments")
        }
        for segment in segments {
            do { try DocumentIDRules.check(String(segment)) } catch {
                throw .invalidReference(Self.shown(path), reason: "segment \(error)")
            }
        }
        guard let storable = Model.self as? any FirestoreStorable.Type, !storable.collectionPaths.isEmpty else { return }
        let collection = segments.dropLast()
        guard storable.collectionPaths.contains(where: { $0.matches(collectionPath: collection) }) else {
            let expected = storable.collectionPaths.map { "'\($0)'" }.joined(separator: " or ")
            throw .invalidReference(Self.shown(path), reason: "\(Model.self) documents are stored at \(expected)")
        }
    }

    /// A long path is shown by its start only.
    private static func shown(_ path: String) -> String {
        path.utf8.count > 120 ? String(path.prefix(60)) + "…" : path
    }
}

/// What the Firestore coder needs of any ``DocumentReference``, whatever its model.
public protocol AnyDocumentReference {
    /// The document's path relative to the database root.
    var path: String { get }
    /// A reference from a relative path, checked.
    init(path: String) throws(RepositoryError)
}
