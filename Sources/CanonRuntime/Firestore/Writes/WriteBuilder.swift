/// Builds Firestore `Write`s for create, set (with or without merge), update and delete, and
/// the only way the runtime builds one (repositories, transactions and batches included), with
/// the rules every Firestore client applies (checked by Google's conformance tests):
/// sentinels become `updateTransforms`, `Delete` only where a mask names the field, update masks
/// sorted, and no field path given twice or inside another.
public struct WriteBuilder: Sendable {
    /// How `set` treats fields the data does not mention.
    public enum Merge: Sendable, Hashable {
        /// Replace the whole document.
        case none
        /// Change only the fields the data mentions.
        case all
        /// Change only these fields.
        case fields([FieldPath])
    }

    /// A builder holding no writes.
    public init() {}

    /// Creates a document that must not exist yet.
    public func create(name: String, data: [String: WriteValue]) throws(WriteError) -> Write {
        var parts = Parts()
        try parts.collect(data, at: FieldPath([]), deletesAllowed: false)
        return Write(update: FirestoreDocument(name: name, fields: parts.fields(data)), updateTransforms: parts.transforms(),
                     currentDocument: Precondition(exists: false))
    }

    /// Writes a document, replacing it or merging into it, under an optional precondition.
    public func set(name: String, data: [String: WriteValue], merge: Merge = .none, precondition: Precondition? = nil) throws(WriteError) -> Write {
        var parts = Parts()
        switch merge {
        case .none:
            try parts.collect(data, at: FieldPath([]), deletesAllowed: false)
            return Write(update: FirestoreDocument(name: name, fields: parts.fields(data)), updateTransforms: parts.transforms(),
                         currentDocument: precondition)
        case .all:
            try parts.collect(data, at: FieldPath([]), deletesAllowed: true, leaves: true)
            let mask = (parts.leaves + parts.deletes).map(\.encoded).sorted()
            return Write(update: FirestoreDocument(name: name, fields: parts.fields(data)), updateMask: DocumentMask(fieldPaths: mask),
                         updateTransforms: parts.transforms(), currentDocument: precondition)
        case .fields(let paths):
            try Self.checkDistinct(paths)
            var fields: [String: FirestoreValue] = [:]
            var mask: [FieldPath] = []
            for path in paths {
                guard let value = Self.value(at: path, in: data) else {
                    throw WriteError("merge field '\(path.encoded)' is not in the data")
                }
                if case .delete = value {
                    mask.append(path)
                    continue
                }
                if value.transform != nil {
                    parts.addTransform(value, at: path)
                    continue
                }
                var inner = Parts()
                if case .map(let entries) = value {
                    try inner.collect(entries, at: path, deletesAllowed: false)
                    parts.transformList += inner.transformList
                    if let stripped = Parts.strip(.map(entries)) { fields.setValue(stripped, at: path) }
                } else if case .value(let plain) = value {
                    fields.setValue(plain, at: path)
                }
                mask.append(path)
            }
            // Deletes the merge does not name are errors: they would be silently ignored.
            var all = Parts()
            try all.collect(data, at: FieldPath([]), deletesAllowed: true)
            for deleted in all.deletes where !paths.contains(deleted) {
                throw WriteError("Delete at '\(deleted.encoded)' needs that exact field among the merge fields")
            }
            return Write(update: FirestoreDocument(name: name, fields: fields),
                         updateMask: DocumentMask(fieldPaths: mask.map(\.encoded).sorted()), updateTransforms: parts.transforms(),
                         currentDocument: precondition)
        }
    }

    /// Changes the given fields of an existing document. Keys are field paths; a value may be a
    /// map (written whole) or a sentinel; `Delete` removes the field.
    public func update(name: String, fields: [(FieldPath, WriteValue)], precondition: Precondition? = nil) throws(WriteError) -> Write {
        guard !fields.isEmpty else { throw WriteError("an update needs at least one field") }
        if precondition?.exists == false { throw WriteError("an update changes an existing document; 'exists: false' cannot hold") }
        try Self.checkDistinct(fields.map(\.0))
        var parts = Parts()
        var document: [String: FirestoreValue] = [:]
        var mask: [FieldPath] = []
        for (path, value) in fields {
            switch value {
            case .delete:
                mask.append(path)
            case .map(let entries):
                try parts.collect(entries, at: path, deletesAllowed: false)
                if let stripped = Parts.strip(value) { document.setValue(stripped, at: path) }
                mask.append(path)
            case .value(let plain):
                document.setValue(plain, at: path)
                mask.append(path)
            default:
                parts.addTransform(value, at: path)
            }
        }
        return Write(update: FirestoreDocument(name: name, fields: document), updateMask: DocumentMask(fieldPaths: mask.map(\.encoded).sorted()),
                     updateTransforms: parts.transforms(), currentDocument: precondition ?? Precondition(exists: true))
    }

    /// Deletes a document.
    public func delete(name: String, precondition: Precondition? = nil) -> Write {
        Write(delete: name, currentDocument: precondition)
    }

    // MARK: Helpers

    /// No path twice, none inside another.
    static func checkDistinct(_ paths: [FieldPath]) throws(WriteError) {
        let sorted = paths.sorted()
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.isPrefix(of: b) {
            throw WriteError(a == b ? "field '\(a.encoded)' is given twice" : "field '\(a.encoded)' is a prefix of '\(b.encoded)'")
        }
    }

    static func value(at path: FieldPath, in data: [String: WriteValue]) -> WriteValue? {
        var current = WriteValue.map(data)
        for segment in path.segments {
            switch current {
            case .map(let entries):
                guard let next = entries[segment] else { return nil }
                current = next
            case .value(.map(let fields)):
                guard let next = fields[segment] else { return nil }
                current = WriteValue(next)
            default:
                return nil
            }
        }
        return current
    }

    /// What a data map holds besides plain values: transforms, deletes, and its leaf paths.
    struct Parts {
        var transformList: [(FieldPath, FieldTransform.Operation)] = []
        var deletes: [FieldPath] = []
        var leaves: [FieldPath] = []

        /// Walks `data` for its sentinels and deletes and, with `leaves`, the paths of its plain
        /// values (only a merge of everything needs them; plain values hold no sentinels, so
        /// other writes skip them).
        mutating func collect(_ data: [String: WriteValue], at prefix: FieldPath, deletesAllowed: Bool, leaves collectsLeaves: Bool = false) throws(WriteError) {
            for key in data.keys.sorted() {
                let entry = data[key]!
                if case .value = entry, !collectsLeaves { continue }
                let path = prefix.appending(key)
                switch entry {
                case .delete:
                    guard deletesAllowed else { throw WriteError("Delete at '\(path.encoded)' is only allowed in an update or a merge") }
                    deletes.append(path)
                case .map(let entries):
                    if entries.isEmpty { leaves.append(path) }
                    try collect(entries, at: path, deletesAllowed: deletesAllowed, leaves: collectsLeaves)
                case .value(let value):
                    if case .map(let fields) = value, !fields.isEmpty {
                        try collect(fields.mapValues(WriteValue.init), at: path, deletesAllowed: deletesAllowed, leaves: true)
                    } else {
                        leaves.append(path)
                    }
                case let sentinel:
                    addTransform(sentinel, at: path)
                }
            }
        }

        mutating func addTransform(_ value: WriteValue, at path: FieldPath) {
            if let operation = value.transform { transformList.append((path, operation)) }
        }

        func transforms() -> [FieldTransform]? {
            let list = transformList.sorted { $0.0 < $1.0 }.map { FieldTransform(fieldPath: $0.0.encoded, operation: $0.1) }
            return list.isEmpty ? nil : list
        }

        /// The data's plain values; a map that held only sentinels disappears, an empty one stays.
        func fields(_ data: [String: WriteValue]) -> [String: FirestoreValue] {
            guard case .map(let fields)? = Self.strip(.map(data)) else { return [:] }
            return fields
        }

        static func strip(_ value: WriteValue) -> FirestoreValue? {
            switch value {
            case .value(let plain): return plain
            case .map(let entries):
                var fields: [String: FirestoreValue] = [:]
                for (key, entry) in entries {
                    if let stripped = strip(entry) { fields[key] = stripped }
                }
                return fields.isEmpty && !entries.isEmpty ? nil : .map(fields)
            default: return nil
            }
        }
    }
}
