extension SchemaValidator {
    /// The model resolves, key placeholders name usable fields, the TTL is sane.
    mutating func validateKeyspace(_ decl: KeyspaceDecl, scope: Scope) {
        validateTTL(decl.ttl)
        guard resolveName(decl.model, use: .storedModel, scope: scope),
              case .model(let model, _)? = schema.lookup(decl.model.value)
        else { return }
        for part in decl.key.value.parts {
            guard case .field(let name) = part else { continue }
            guard let field = model.field(named: name.value) else {
                diagnostics.error(.unboundKeyPlaceholder, "key placeholder '{\(name.value)}' names no field of model '\(model.info.name)'",
                                  at: name.location, suggestion: Suggestion.didYouMean(name.value, in: model.fields.map(\.info.name)))
                continue
            }
            if field.isOptional || field.isNullable {
                diagnostics.error(.keyFieldType, "key placeholder '{\(name.value)}' is bound to an optional or nullable field; every key needs a value",
                                  at: name.location)
            } else if !canFormKey(field.type.value) {
                diagnostics.error(.keyFieldType, "key placeholder '{\(name.value)}' is bound to a field of type '\(field.type.value)'; keys use string, int, uuid, id or enum fields",
                                  at: name.location)
            }
        }
    }

    /// No two keyspaces whose keys can be the same string.
    mutating func validateKeyPatterns() {
        var seen: [String: KeyspaceDecl] = [:]
        for decl in schema.keyspaces {
            let skeleton = decl.key.value.skeleton
            if let earlier = seen[skeleton] {
                diagnostics.error(.duplicateKeyPattern, "keyspaces '\(earlier.info.name)' and '\(decl.info.name)' have the same key pattern '\(skeleton)'",
                                  at: decl.key.location, notes: [.init(message: "'\(earlier.info.name)' is declared here", location: earlier.key.location)])
            } else {
                seen[skeleton] = decl
            }
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
