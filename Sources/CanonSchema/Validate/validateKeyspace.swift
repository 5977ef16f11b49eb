extension SchemaValidator {
    /// The model resolves, key placeholders name usable fields, the TTL is sane.
    mutating func validateKeyspace(_ decl: KeyspaceDecl, scope: Scope) {
        if let ttl = decl.ttl { validateTTL(ttl) }
        guard resolveName(decl.model, use: .storedModel, scope: scope),
              case .model(let model, _)? = schema.lookup(decl.model.value), let key = decl.key
        else { return }
        for part in key.value.parts {
            guard case .field(let name) = part else { continue }
            guard let field = model.field(named: name.value) else {
                if model.rejectedFieldNames.contains(name.value) { continue }
                diagnostics.error(.unboundKeyPlaceholder, "key placeholder '{\(name.value)}' names no field of model '\(model.info.name)'",
                                  at: name.location, suggestion: Suggestion.didYouMean(name.value, in: model.fields.map(\.info.name)))
                continue
            }
            if field.swiftName == "parts" {
                // The generated `Key` has a `parts` of its own (`CanonRuntime.RedisKey`).
                diagnostics.error(.reservedSwiftName, "key placeholder '{\(name.value)}' becomes the key's 'parts', which the generated code defines itself",
                                  at: name.location, suggestion: "rename the field, and keep the stored key with 'key: \(field.storageKey.value)'")
            } else if field.isOptional || field.isNullable {
                diagnostics.error(.keyFieldType, "key placeholder '{\(name.value)}' is bound to an optional or nullable field; every key needs a value",
                                  at: name.location)
            } else if !canFormKey(field.type.value) {
                diagnostics.error(.keyFieldType, "key placeholder '{\(name.value)}' is bound to a field of type '\(field.type.value)'; keys use string, int, uuid, id or enum fields",
                                  at: name.location)
            }
        }
    }

    /// No two keyspaces whose keys can be the same string, whatever values fill the placeholders.
    mutating func validateKeyPatterns() {
        var earlier: [(name: String, key: Located<KeyspaceDecl.KeyPattern>)] = []
        for decl in schema.keyspaces {
            guard let key = decl.key else { continue }
            if let clash = earlier.first(where: { KeyPatternOverlap.canCollide($0.key.value, key.value) }) {
                diagnostics.error(.duplicateKeyPattern,
                                  "keys of '\(decl.info.name)' ('\(key.value)') can equal keys of '\(clash.name)' ('\(clash.key.value)')",
                                  at: key.location,
                                  suggestion: "give each keyspace its own literal prefix",
                                  notes: [.init(message: "'\(clash.name)' is declared here", location: clash.key.location)])
            }
            earlier.append((decl.info.name, key))
        }
    }

    private func canFormKey(_ type: FieldType) -> Bool {
        switch type {
        case .builtin(let builtin): [.string, .int, .uuid, .id].contains(builtin)
        case .named(let name): if case .enumType? = schema.lookup(name) { true } else { false }
        default: false
        }
    }
}
