import CanonRuntime

/// A database, `projects/{p}/databases/{d}`. Every project and database is kept apart.
struct DatabaseName: Hashable, Sendable, CustomStringConvertible {
    var project: String
    var database: String

    var description: String { "projects/\(project)/databases/\(database)" }
    var documentsRoot: String { "\(description)/documents" }

    /// The full resource name of a document path (`rooms/a/messages/b`).
    func name(of path: DocumentPath) -> String { "\(documentsRoot)/\(path.text)" }
}

/// A document's path below `documents/`: an even, non-zero count of segments.
struct DocumentPath: Hashable, Sendable, Comparable {
    var segments: [String]

    var text: String { segments.joined(separator: "/") }
    var id: String { segments[segments.count - 1] }
    var collectionID: String { segments[segments.count - 2] }
    /// The path of the parent document; empty for a top-level document.
    var parent: [String] { Array(segments.dropLast(2)) }

    /// Firestore orders keys segment by segment, each by its UTF-8 bytes.
    static func < (lhs: DocumentPath, rhs: DocumentPath) -> Bool {
        for (a, b) in zip(lhs.segments, rhs.segments) where a != b {
            return a.precedesByBytes(b)
        }
        return lhs.segments.count < rhs.segments.count
    }
}

enum ResourceName {
    /// Splits `projects/{p}/databases/{d}/documents[/…]` into the database and the segments after
    /// `documents`.
    static func parse(_ name: String) throws(RPCError) -> (DatabaseName, [String]) {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 5, parts[0] == "projects", parts[2] == "databases", parts[4] == "documents",
              !parts[1].isEmpty, !parts[3].isEmpty else {
            throw RPCError.invalid("Invalid resource name \"\(name)\": expected projects/{project_id}/databases/{database_id}/documents/…")
        }
        let rest = Array(parts.dropFirst(5))
        for segment in rest { try checkID(segment, in: name) }
        return (DatabaseName(project: parts[1], database: parts[3]), rest)
    }

    static func document(_ name: String) throws(RPCError) -> (DatabaseName, DocumentPath) {
        let (database, rest) = try parse(name)
        guard !rest.isEmpty, rest.count % 2 == 0 else {
            throw RPCError.invalid("Document name \"\(name)\" has \(rest.count) path segment\(rest.count == 1 ? "" : "s") after documents; a document has an even number.")
        }
        return (database, DocumentPath(segments: rest))
    }

    /// A parent for queries and listings: the root or a document.
    static func parent(_ name: String) throws(RPCError) -> (DatabaseName, [String]) {
        let (database, rest) = try parse(name)
        guard rest.count % 2 == 0 else {
            throw RPCError.invalid("Parent \"\(name)\" must be the documents root or a document, not a collection.")
        }
        return (database, rest)
    }

    /// Firestore's rules for collection and document IDs: the runtime's, so client and server
    /// agree. (A `/` sent percent-encoded in a URL is refused by `Route`.)
    static func checkID(_ id: String, in name: String) throws(RPCError) {
        do {
            try DocumentIDRules.check(id)
        } catch {
            throw RPCError.invalid("Resource name \"\(name)\" is invalid: \(error)")
        }
        guard isNFC(id) else {
            throw RPCError.unimplemented("Resource name \"\(name)\": IDs that are not in Unicode normalization form C (NFC) "
                + "are not supported by the local server")
        }
    }

    /// Whether an ID is spelled in NFC. Firestore tells IDs apart by their bytes, but Swift's
    /// strings compare canonically equivalent spellings (`é` and `e` + U+0301) as equal, so this
    /// server would take two such IDs for one document. Two distinct IDs that are both in NFC
    /// are never canonically equivalent, so accepting only NFC keeps every accepted ID apart.
    static func isNFC(_ id: String) -> Bool {
        id.utf8.allSatisfy { $0 < 0x80 } || id.precomposedStringWithCanonicalMapping.utf8.elementsEqual(id.utf8)
    }

    /// `__.*__` names are Firestore's own. The server keeps its own naming rules on purpose,
    /// rather than the `FirestoreNaming` module the generator and the runtime share: it is an
    /// independent check of them.
    static func isReserved(_ text: String) -> Bool {
        text.utf8.count >= 4 && text.hasPrefix("__") && text.hasSuffix("__")
    }
}
