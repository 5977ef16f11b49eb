extension SchemaFileDecoder {
    static let keyspaceKeys: Set<String> = ["doc", "deprecated", "model", "key", "ttl"]

    mutating func decodeKeyspace(name: Located<String>, _ node: YAMLNode) -> KeyspaceDecl? {
        guard let entries = reader.mapping(node, "Redis keyspace '\(name.value)'", allowed: Self.keyspaceKeys,
                                           required: ["model", "key", "ttl"]),
              let modelEntry = entries["model"], let model = reader.string(modelEntry.value, "'model'")
        else { return nil }
        // A keyspace with a broken key or TTL is kept, so that its model is still known to be in Redis.
        let key = entries["key"].flatMap { reader.string($0.value, "'key'") }.flatMap { keyPattern($0) }
        let ttl = entries["ttl"].flatMap { reader.duration($0.value, "'ttl'") }
        return KeyspaceDecl(info: reader.info(name: name, from: entries), model: model, key: key, ttl: ttl)
    }

    /// `prefix:{field}:{other}`: literal text with `{field}` placeholders.
    private mutating func keyPattern(_ text: Located<String>) -> Located<KeyspaceDecl.KeyPattern>? {
        var parts: [KeyspaceDecl.KeyPattern.Part] = []
        var literal = ""
        var placeholder: (name: String, offset: Int)?
        for (offset, character) in text.value.enumerated() {
            switch (character, placeholder) {
            case ("{", nil):
                if !literal.isEmpty { parts.append(.literal(literal)) }
                literal = ""
                placeholder = ("", offset)
            case ("}", let open?):
                guard !open.name.isEmpty else {
                    reader.diagnostics.error(.invalidKeyPattern, "empty placeholder '{}' in key pattern",
                                             at: text.location.advanced(by: open.offset))
                    return nil
                }
                parts.append(.field(Located(open.name, at: text.location.advanced(by: open.offset + 1))))
                placeholder = nil
            case ("{", _?), ("}", nil):
                reader.diagnostics.error(.invalidKeyPattern, "unbalanced '\(character)' in key pattern",
                                         at: text.location.advanced(by: offset))
                return nil
            case (let other, var open?):
                open.name.append(other)
                placeholder = open
            case (let other, nil):
                if other.isWhitespace {
                    reader.diagnostics.error(.invalidKeyPattern, "key patterns cannot contain white space",
                                             at: text.location.advanced(by: offset))
                    return nil
                }
                literal.append(other)
            }
        }
        if let open = placeholder {
            reader.diagnostics.error(.invalidKeyPattern, "placeholder is not closed with '}'",
                                     at: text.location.advanced(by: open.offset))
            return nil
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        guard parts.contains(where: { if case .field = $0 { true } else { false } }) else {
            reader.diagnostics.error(.invalidKeyPattern,
                                     "key pattern '\(text.value)' has no placeholder, so every value would share one key",
                                     at: text.location, suggestion: "bind it to a field, as in 'prefix:{field}'")
            return nil
        }
        return Located(KeyspaceDecl.KeyPattern(parts: parts), at: text.location)
    }
}
