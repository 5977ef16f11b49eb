import FirestoreNaming

extension SchemaFileDecoder {
    static let collectionKeys: Set<String> = ["doc", "deprecated", "model", "path", "id_strategy", "cache", "queries"]
    static let cacheKeys: Set<String> = ["enabled", "ttl", "negative_ttl", "key_prefix"]

    mutating func decodeCollection(name: Located<String>, _ node: YAMLNode) -> CollectionDecl? {
        let what = "collection '\(name.value)'"
        guard let entries = reader.mapping(node, what, allowed: Self.collectionKeys, required: ["model", "path"]),
              let modelEntry = entries["model"], let model = reader.string(modelEntry.value, "'model'")
        else { return nil }
        // A collection whose path is broken is kept, so that references to it do not fail too.
        let path = entries["path"].flatMap { reader.string($0.value, "'path'") }.flatMap { collectionPath($0) }
        var decl = CollectionDecl(info: reader.info(name: name, from: entries), model: model, path: path,
                                  idStrategy: .server, cache: nil, queries: [])
        if let entry = entries["id_strategy"], let text = reader.string(entry.value, "'id_strategy'") {
            if let strategy = CollectionDecl.IDStrategy(rawValue: text.value) {
                decl.idStrategy = strategy
            } else {
                let names = CollectionDecl.IDStrategy.allCases.map(\.rawValue)
                reader.diagnostics.error(.wrongValueKind, "unknown ID strategy '\(text.value)'", at: text.location,
                                         suggestion: Suggestion.didYouMean(text.value, in: names)
                                             ?? "use one of \(names.joined(separator: ", "))")
            }
        }
        if let entry = entries["cache"] { decl.cache = decodeCache(entry) }
        if let entry = entries["queries"] {
            for item in reader.namedEntries(entry.value, "'queries' of \(what)") {
                if let query = decodeQuery(name: item.key, item.value) { decl.queries.append(query) }
            }
        }
        return decl
    }

    private mutating func decodeCache(_ entry: YAMLMappingEntry) -> CollectionDecl.CacheSettings? {
        guard let entries = reader.mapping(entry.value, "'cache'", allowed: Self.cacheKeys) else { return nil }
        var cache = CollectionDecl.CacheSettings(isEnabled: true, ttl: nil, keyPrefix: nil, location: entry.key.location)
        if let enabled = entries["enabled"] { cache.isEnabled = reader.bool(enabled.value, "'enabled'") ?? true }
        if let ttl = entries["ttl"] {
            cache.ttl = reader.duration(ttl.value, "'ttl'")
        } else if cache.isEnabled {
            reader.diagnostics.error(.invalidCacheSettings, "'cache' needs a 'ttl'", at: entry.key.location,
                                     suggestion: "add 'ttl: 5m' or set 'enabled: false'")
        }
        if let negative = entries["negative_ttl"] { cache.negativeTTL = reader.duration(negative.value, "'negative_ttl'") }
        if let prefix = entries["key_prefix"] { cache.keyPrefix = reader.string(prefix.value, "'key_prefix'") }
        return cache
    }

    /// `casefiles` or `casefiles/{casefileId}/notes`: collection IDs at odd positions,
    /// parent-ID placeholders at even ones, ending with a collection ID.
    private mutating func collectionPath(_ text: Located<String>) -> Located<CollectionPath>? {
        var segments: [CollectionPath.Segment] = []
        var offset = 0
        var valid = true
        var placeholders: Set<String> = []
        var parts = text.value.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count % 2 == 0, let last = parts.last, !last.isEmpty {
            reader.diagnostics.error(.pathNamesDocument, "path '\(text.value)' names a document, not a collection",
                                     at: text.location,
                                     suggestion: "drop the trailing '/\(last)': a collection path ends with the collection ID")
            valid = false
            parts.removeLast()
        }
        for (index, part) in parts.enumerated() {
            let at = text.location.advanced(by: offset)
            offset += part.count + 1
            let isDocumentPosition = index % 2 == 1
            if part.isEmpty {
                reader.diagnostics.error(.invalidPathSegment, "collection path '\(text.value)' has an empty segment", at: at)
                valid = false
                continue
            }
            if part.hasPrefix("{") || part.hasSuffix("}") || part.contains("{") || part.contains("}") {
                guard part.hasPrefix("{"), part.hasSuffix("}"), part.count > 2,
                      Naming.isLowerCamelName(String(part.dropFirst().dropLast()))
                else {
                    reader.diagnostics.error(.invalidPathSegment,
                                             "'\(part)' is not a placeholder; write one as '{parentId}' in lowerCamelCase",
                                             at: at)
                    valid = false
                    continue
                }
                let name = String(part.dropFirst().dropLast())
                guard isDocumentPosition else {
                    reader.diagnostics.error(.invalidPathSegment,
                                             "'\(part)' stands where a collection ID belongs; collection IDs are fixed names",
                                             at: at)
                    valid = false
                    continue
                }
                if !placeholders.insert(name).inserted {
                    reader.diagnostics.error(.invalidPathSegment, "placeholder '{\(name)}' appears twice in the path", at: at)
                    valid = false
                }
                segments.append(.placeholder(name))
            } else {
                guard !isDocumentPosition else {
                    let parent = String(parts[index - 1])
                    let singular = parent.count > 1 && parent.hasSuffix("s") ? String(parent.dropLast()) : parent
                    reader.diagnostics.error(.invalidPathSegment,
                                             "'\(part)' stands where a parent document ID belongs",
                                             at: at,
                                             suggestion: parent.contains("{") ? nil
                                                 : "write a placeholder such as '{\(Naming.lowerCamelCase(singular))Id}'")
                    valid = false
                    continue
                }
                if let problem = FirestoreNames.problem(withID: String(part)) {
                    reader.diagnostics.error(.invalidPathSegment, "collection ID '\(part)' \(problem)", at: at)
                    valid = false
                    continue
                }
                segments.append(.collection(String(part)))
            }
        }
        guard valid else { return nil }
        return Located(CollectionPath(segments: segments), at: text.location)
    }
}
