extension SchemaValidator {
    /// The model resolves, key placeholders name usable fields, the TTL is sane.
    mutating func validateKeyspace(_ decl: KeyspaceDecl, scope: Scope) {
        if let ttl = decl.ttl { validateTTL(ttl) }
        guard resolveName(decl.model, use: .storedModel, scope: scope),
              case .model(let model, _)? = schema.lookup(decl.model.value), let key = decl.key
        else { return }
        validatePlaceholderSeparators(key, model)
        if model.info.name == "Key" {
            diagnostics.error(.shadowedTypeName, "a keyspace cannot store a type named 'Key': its generated repository has a 'Key' of its own",
                              at: decl.model.location)
        }
        for part in key.value.parts {
            guard case .field(let name) = part else { continue }
            guard let field = model.field(named: name.value) else {
                if model.rejectedFieldNames.contains(name.value) { continue }
                diagnostics.error(.unboundKeyPlaceholder, "key placeholder '{\(name.value)}' names no field of model '\(model.info.name)'",
                                  at: name.location, suggestion: Suggestion.didYouMean(name.value, in: model.fields.map(\.info.name)))
                continue
            }
            if case .named("Key") = field.type.value {
                diagnostics.error(.shadowedTypeName, "key placeholder '{\(name.value)}' has the type 'Key', which the generated repository's own 'Key' hides",
                                  at: name.location)
            } else if field.info.deprecation != nil {
                diagnostics.error(.keyFieldType, "key placeholder '{\(name.value)}' names a deprecated field; every write builds the key from it",
                                  at: name.location, suggestion: "key the keyspace on a field that is not deprecated")
            } else if field.swiftName == "parts" {
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

    /// Values are escaped so that they hold only letters, digits, `-._~` and `%` (the escape):
    /// two placeholders need a literal between them with another byte (`:`), or values could
    /// shift across the boundary (`a-b` + `c` and `a` + `b-c` under `{x}-{y}`), and two keys
    /// would be one. Where the first is an `int` (`-?[0-9]+`), a literal that starts with
    /// anything but a digit ends it; a `uuid` (36 characters) ends by itself.
    private mutating func validatePlaceholderSeparators(_ key: Located<KeyspaceDecl.KeyPattern>, _ model: ModelDecl) {
        var previous: Located<String>?
        var separated = true
        for part in key.value.parts {
            switch part {
            case .literal(let text):
                if text.utf8.contains(where: { !Self.valueKeyBytes.contains($0) }) { separated = true }
                let previousType = previous.flatMap { model.field(named: $0.value)?.type.value }
                if previousType == .builtin(.int), let first = text.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) {
                    separated = true
                }
            case .field(let name):
                if let previous, model.field(named: previous.value)?.type.value == .builtin(.uuid) { separated = true }
                if let previous, !separated {
                    diagnostics.error(.invalidKeyPattern,
                                      "placeholders '{\(previous.value)}' and '{\(name.value)}' are not separated by a character values never hold, so two different keys could be the same text",
                                      at: name.location, suggestion: "put ':' (or another character outside letters, digits and '-._~%') between them")
                }
                previous = name
                separated = false
            }
        }
    }

    /// The bytes an escaped value may hold: those `RedisKeyText` keeps, and `%`.
    static let valueKeyBytes = Set(Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%".utf8))

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
