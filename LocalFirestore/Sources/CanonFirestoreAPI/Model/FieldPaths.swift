import CanonRuntime

/// A field path as the API writes it: dot-separated segments, back-quoted when not simple
/// (``a.`b.c`.d``), parsed into its segments.
struct ParsedFieldPath: Hashable, Sendable, Comparable, CustomStringConvertible {
    var segments: [String]
    var description: String { FieldPath(segments).encoded }

    static let documentName = ParsedFieldPath(segments: ["__name__"])
    var isDocumentName: Bool { segments == ["__name__"] }

    static func < (lhs: ParsedFieldPath, rhs: ParsedFieldPath) -> Bool {
        lhs.segments.lexicographicallyPrecedes(rhs.segments) { $0.precedesByBytes($1) }
    }

    func isPrefix(of other: ParsedFieldPath) -> Bool {
        segments.count <= other.segments.count && Array(other.segments.prefix(segments.count)) == segments
    }

    init(segments: [String]) { self.segments = segments }

    init(_ text: String) throws(RPCError) {
        var segments: [String] = []
        let characters = Array(text.unicodeScalars)
        var index = 0
        func invalid() -> RPCError { RPCError.invalid("Invalid property path \"\(text)\".") }
        while true {
            var segment = ""
            if index < characters.count, characters[index] == "`" {
                index += 1
                var closed = false
                while index < characters.count {
                    let character = characters[index]
                    if character == "\\" {
                        guard index + 1 < characters.count else { throw invalid() }
                        segment.unicodeScalars.append(characters[index + 1])
                        index += 2
                    } else if character == "`" {
                        index += 1
                        closed = true
                        break
                    } else {
                        segment.unicodeScalars.append(character)
                        index += 1
                    }
                }
                guard closed, !segment.isEmpty else { throw invalid() }
            } else {
                while index < characters.count, characters[index] != "." {
                    segment.unicodeScalars.append(characters[index])
                    index += 1
                }
                guard !segment.isEmpty, Self.isSimple(segment) else { throw invalid() }
            }
            segments.append(segment)
            if index == characters.count { break }
            guard characters[index] == "." else { throw invalid() }
            index += 1
        }
        guard text.utf8.count <= 1_500 else { throw RPCError.invalid("Field path \"\(text.prefix(40))…\" is longer than 1,500 bytes.") }
        self.segments = segments
    }

    static func isSimple(_ segment: String) -> Bool {
        guard let first = segment.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) || ("A"..."Z").contains(first) else {
            return false
        }
        return segment.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }
}

/// Reading and changing nested fields of a document's map.
enum Fields {
    static func value(at path: ParsedFieldPath, in fields: [String: FirestoreValue]) -> FirestoreValue? {
        var current = fields
        for (offset, segment) in path.segments.enumerated() {
            guard let value = current[segment] else { return nil }
            if offset == path.segments.count - 1 { return value }
            guard case .map(let nested) = value else { return nil }
            current = nested
        }
        return nil
    }

    /// Sets the value, making maps along the way (replacing any non-map there).
    static func set(_ value: FirestoreValue, at path: ArraySlice<String>, in fields: inout [String: FirestoreValue]) {
        guard let head = path.first else { return }
        if path.count == 1 {
            fields[head] = value
            return
        }
        var nested: [String: FirestoreValue] = [:]
        if case .map(let existing) = fields[head] { nested = existing }
        set(value, at: path.dropFirst(), in: &nested)
        fields[head] = .map(nested)
    }

    static func remove(at path: ArraySlice<String>, in fields: inout [String: FirestoreValue]) {
        guard let head = path.first else { return }
        if path.count == 1 {
            fields[head] = nil
            return
        }
        guard case .map(var nested) = fields[head] else { return }
        remove(at: path.dropFirst(), in: &nested)
        fields[head] = .map(nested)
    }

    /// Only the given paths (a projection or field mask).
    static func project(_ fields: [String: FirestoreValue], onto paths: [ParsedFieldPath]) -> [String: FirestoreValue] {
        var result: [String: FirestoreValue] = [:]
        for path in paths {
            if let value = value(at: path, in: fields) { set(value, at: path.segments[...], in: &result) }
        }
        return result
    }
}
