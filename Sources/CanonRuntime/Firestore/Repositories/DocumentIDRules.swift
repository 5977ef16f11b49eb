/// Firestore's rules for document IDs, checked before anything is sent.
public enum DocumentIDRules {
    /// A random 20-character ID from [A-Za-z0-9], as Firestore's clients make them.
    public static func automaticID() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<20).map { _ in alphabet.randomElement()! })
    }

    /// Throws ``RepositoryError/invalidDocumentID(_:reason:)`` unless `id` is a valid ID.
    public static func check(_ id: String) throws(RepositoryError) {
        if id.isEmpty { throw .invalidDocumentID(id, reason: "it is empty") }
        if id.utf8.count > 1_500 { throw .invalidDocumentID(String(id.prefix(40)) + "…", reason: "it is longer than 1,500 bytes") }
        if id.contains("/") { throw .invalidDocumentID(id, reason: "it contains '/'") }
        if id == "." || id == ".." { throw .invalidDocumentID(id, reason: "'.' and '..' are not allowed") }
        if id.utf8.count >= 4, id.hasPrefix("__"), id.hasSuffix("__") {
            throw .invalidDocumentID(id, reason: "names matching __.*__ are reserved")
        }
    }
}
