import FirestoreNaming

/// Firestore's limits on what a write may store, checked before anything is sent, so that a
/// value Firestore would refuse fails at once as ``FirestoreError/invalidWrite(_:)`` instead of
/// after a round trip (and a retry budget):
/// - a document of at most 1,048,576 bytes, counted by Firestore's storage-size rules (the name's
///   segments, each field's name and value, 32 bytes more);
/// - values nested at most 20 maps or arrays deep, and no array directly in an array;
/// - map keys that are not reserved (`__.*__`, but for a vector's `__type__`) nor over 1,500
///   bytes.
///
/// A masked update sends only the fields it changes, so its size is checked for what is sent:
/// the stored document may still grow past the limit, which Firestore then refuses.
enum WriteLimits {
    /// Firestore's largest document, in bytes.
    static let maximumDocumentSize = 1_048_576
    /// Firestore's deepest nesting of maps and arrays in a value.
    static let maximumDepth = 20

    static func check(_ writes: [Write]) throws(FirestoreError) {
        for write in writes {
            guard let document = write.update, let name = document.name else { continue }
            try check(name: name, fields: document.fields)
        }
    }

    /// Checks the fields of the document `name` (a full resource name).
    static func check(name: String, fields: [String: FirestoreValue]) throws(FirestoreError) {
        try checkNames(fields, at: name)
        for value in fields.values { try check(value, depth: 1, insideArray: false, at: name) }
        // The name's segments after `projects/…/databases/…/documents`.
        let segments = name.split(separator: "/", omittingEmptySubsequences: false).dropFirst(5)
        let size = segments.reduce(16) { $0 + $1.utf8.count + 1 } + fieldsSize(fields) + 32
        if size > maximumDocumentSize {
            throw .invalidWrite("document '\(segments.joined(separator: "/").prefix(200))' would be \(size) bytes; "
                + "Firestore stores documents of at most \(maximumDocumentSize) bytes")
        }
    }

    /// A top-level field's value is at depth 1; each map or array holds the next.
    private static func check(_ value: FirestoreValue, depth: Int, insideArray: Bool, at name: String) throws(FirestoreError) {
        if depth > maximumDepth {
            throw .invalidWrite("document '\(name)' nests values more than \(maximumDepth) levels deep, which Firestore cannot store")
        }
        switch value {
        case .array(let values):
            if insideArray { throw .invalidWrite("document '\(name)' holds an array directly in an array, which Firestore cannot store") }
            for element in values { try check(element, depth: depth + 1, insideArray: true, at: name) }
        case .map(let fields):
            try checkNames(fields, at: name)
            for element in fields.values { try check(element, depth: depth + 1, insideArray: false, at: name) }
        default:
            break
        }
    }

    private static func checkNames(_ fields: [String: FirestoreValue], at name: String) throws(FirestoreError) {
        for key in fields.keys {
            if FirestoreNames.isReservedName(key), !(key == "__type__" && fields[key] == .string("__vector__")) {
                throw .invalidWrite("document '\(name)' has a field named '\(key.prefix(80))', a name Firestore reserves ('__.*__')")
            }
            if key.utf8.count > FirestoreNames.maximumBytes {
                throw .invalidWrite("document '\(name)' has a field name of \(key.utf8.count) bytes; Firestore allows \(FirestoreNames.maximumBytes)")
            }
        }
    }

    private static func fieldsSize(_ fields: [String: FirestoreValue]) -> Int {
        fields.reduce(0) { $0 + $1.key.utf8.count + 1 + size(of: $1.value) }
    }

    private static func size(of value: FirestoreValue) -> Int {
        switch value {
        case .null, .boolean: 1
        case .integer, .double, .timestamp: 8
        case .string(let text): text.utf8.count + 1
        case .bytes(let bytes): bytes.count
        case .reference(let name): name.split(separator: "/", omittingEmptySubsequences: false).dropFirst(5).reduce(16) { $0 + $1.utf8.count + 1 }
        case .geoPoint: 16
        case .array(let values): values.reduce(0) { $0 + size(of: $1) }
        case .map(let fields): fieldsSize(fields)
        }
    }
}
