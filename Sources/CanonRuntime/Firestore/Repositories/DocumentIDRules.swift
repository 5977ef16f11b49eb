import FirestoreNaming

/// Firestore's rules for document IDs (`FirestoreNames`, shared with the schema validator),
/// checked before anything is sent.
public enum DocumentIDRules {
    /// A random 20-character ID from [A-Za-z0-9], as Firestore's clients make them.
    public static func automaticID() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<20).map { _ in alphabet.randomElement()! })
    }

    /// Throws ``RepositoryError/invalidDocumentID(_:reason:)`` unless `id` is a valid ID.
    public static func check(_ id: String) throws(RepositoryError) {
        guard let problem = FirestoreNames.problem(withID: id) else { return }
        // A long ID is shown by its start only.
        throw .invalidDocumentID(id.utf8.count > 80 ? String(id.prefix(40)) + "…" : id, reason: "it " + problem)
    }
}
