/// Reads YAML nodes as the schema language expects them, reporting every mismatch.
///
/// Each accessor returns nil after recording a diagnostic, so a decoder can go on and find
/// every other problem in the same run. The generator's configuration file is read with it too.
public struct NodeReader: Sendable {
    /// What was wrong, in the order found.
    public var diagnostics = DiagnosticBag()

    /// Creates a reader.
    public init() {}

    /// The entries of a mapping, checking its keys: unknown ones get a suggestion, missing
    /// required ones an error at the mapping.
    public mutating func mapping(
        _ node: YAMLNode, _ what: String, allowed: Set<String>, required: [String] = []
    ) -> CheckedMapping? {
        guard let entries = node.mappingEntries else {
            if case .scalar(let scalar) = node.content, scalar.style == .plain, scalar.text.isEmpty, required.isEmpty {
                return CheckedMapping(entries: [])  // `key:` with nothing after it reads as an empty mapping
            }
            diagnostics.error(.wrongValueKind, "\(what) must be a mapping, not \(node.kindDescription)", at: node.location)
            return nil
        }
        var known: [YAMLMappingEntry] = []
        known.reserveCapacity(entries.count)
        for entry in entries {
            if allowed.contains(entry.key.value) {
                known.append(entry)
            } else {
                diagnostics.error(.unknownKey, "unknown key '\(entry.key.value)' in \(what)", at: entry.key.location,
                                  suggestion: Suggestion.didYouMean(entry.key.value, in: allowed))
            }
        }
        let mapping = CheckedMapping(entries: known)
        for key in required where mapping[key] == nil {
            diagnostics.error(.missingKey, "\(what) is missing required key '\(key)'", at: node.location)
        }
        return mapping
    }

    /// The entries of a mapping whose keys are names chosen by the author.
    public mutating func namedEntries(_ node: YAMLNode, _ what: String) -> [YAMLMappingEntry] {
        if let entries = node.mappingEntries { return entries }
        if case .scalar(let scalar) = node.content, scalar.style == .plain, scalar.text.isEmpty { return [] }
        diagnostics.error(.wrongValueKind, "\(what) must be a mapping of names, not \(node.kindDescription)",
                          at: node.location)
        return []
    }

    public mutating func string(_ node: YAMLNode, _ what: String) -> Located<String>? {
        if case .string(let text) = node.constant {
            return Located(text, at: node.location.advanced(by: node.scalar?.contentOffset ?? 0))
        }
        diagnostics.error(.wrongValueKind, "\(what) must be a string, not \(node.kindDescription)", at: node.location)
        return nil
    }

    public mutating func bool(_ node: YAMLNode, _ what: String) -> Bool? {
        if case .bool(let value) = node.constant { return value }
        diagnostics.error(.wrongValueKind, "\(what) must be true or false, not \(node.kindDescription)",
                          at: node.location)
        return nil
    }

    public mutating func int(_ node: YAMLNode, _ what: String) -> Located<Int>? {
        if case .int(let value) = node.constant, let int = Int(exactly: value) { return Located(int, at: node.location) }
        diagnostics.error(.wrongValueKind, "\(what) must be an integer, not \(node.kindDescription)", at: node.location)
        return nil
    }

    public mutating func bound(_ node: YAMLNode, _ what: String) -> Located<NumericBound>? {
        switch node.constant {
        case .int(let value): return Located(.int(value), at: node.location)
        case .double(let value) where value.isFinite: return Located(.double(value), at: node.location)
        default:
            diagnostics.error(.wrongValueKind, "\(what) must be a finite number, not \(node.kindDescription)",
                              at: node.location)
            return nil
        }
    }

    /// A list of strings; a single string counts as a list of one.
    public mutating func stringList(_ node: YAMLNode, _ what: String) -> [Located<String>] {
        if node.scalar != nil, case .string = node.constant, let text = string(node, what) { return [text] }
        guard let items = node.sequenceItems else {
            diagnostics.error(.wrongValueKind, "\(what) must be a list of strings, not \(node.kindDescription)",
                              at: node.location)
            return []
        }
        return items.compactMap { string($0, "each entry of \(what)") }
    }

    /// `doc:` and `deprecated:` of a declaration.
    public mutating func info(name: Located<String>, from entries: CheckedMapping) -> DeclarationInfo {
        var info = DeclarationInfo(name: name.value, location: name.location)
        if let doc = entries["doc"] { info.doc = string(doc.value, "'doc'")?.value }
        if let entry = entries["deprecated"] {
            let at = entry.key.location
            switch entry.value.constant {
            case .string(let message): info.deprecation = Deprecation(message: message, location: at)
            case .bool(true), .null: info.deprecation = Deprecation(message: "", location: at)
            case .bool(false): break
            default:
                diagnostics.error(.wrongValueKind,
                                  "'deprecated' must be a message (or true), not \(entry.value.kindDescription)",
                                  at: entry.value.location)
            }
        }
        return info
    }

    /// A duration such as `5m`, or a whole number of seconds.
    public mutating func duration(_ node: YAMLNode, _ what: String) -> Located<Duration>? {
        switch node.constant {
        case .int(let seconds): return Located(Duration(seconds: seconds), at: node.location)
        case .string(let text):
            if let duration = Duration(parsing: text) { return Located(duration, at: node.location) }
            diagnostics.error(.invalidTTL, "\(what) '\(text)' is not a duration", at: node.location,
                              suggestion: "write it like '90s', '5m', '1h30m' or '7d'")
        default:
            diagnostics.error(.invalidTTL, "\(what) must be a duration such as '5m', not \(node.kindDescription)",
                              at: node.location)
        }
        return nil
    }
}

/// The entries of a mapping whose keys were checked against the allowed ones. Schema mappings
/// are small, so a linear search beats hashing.
public struct CheckedMapping: Sendable {
    /// The entries with allowed keys, in document order.
    public var entries: [YAMLMappingEntry]

    /// The entry for `key`, if the mapping has it.
    public subscript(key: String) -> YAMLMappingEntry? {
        entries.first { $0.key.value == key }
    }
}
