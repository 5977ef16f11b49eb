/// Firestore's rules for IDs and field names, shared by the schema validator, the generator and
/// the runtime (this module depends on nothing, so the generator stays light). The local
/// Firestore server keeps its own copy on purpose, as an independent check of both.
public enum FirestoreNames {
    /// Firestore's limit on IDs and field names, in UTF-8 bytes.
    public static let maximumBytes = 1_500

    /// What is wrong with a document or collection ID, or nil when Firestore accepts it.
    public static func problem(withID id: String) -> String? {
        if id.isEmpty { return "is empty" }
        if id == "." || id == ".." { return "cannot be '.' or '..'" }
        if id.contains("/") { return "cannot contain '/'" }
        if isReservedName(id) { return "matches '__.*__', which Firestore reserves" }
        if id.utf8.count > maximumBytes { return "is longer than \(maximumBytes) bytes" }
        return nil
    }

    /// What is wrong with a field name used as a storage key, or nil when Firestore accepts it.
    public static func problem(withFieldName name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if isReservedName(name) { return "matches '__.*__', which Firestore reserves" }
        if name.utf8.count > maximumBytes { return "is longer than \(maximumBytes) bytes" }
        return nil
    }

    /// `__.*__`: reserved by Firestore for its own names (`__name__`, `__key__`, …).
    public static func isReservedName(_ name: String) -> Bool {
        name.utf8.count >= 4 && name.hasPrefix("__") && name.hasSuffix("__")
    }
}
