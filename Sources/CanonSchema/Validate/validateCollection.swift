extension SchemaValidator {
    /// The stored model resolves; cache settings work; every query is sound.
    mutating func validateCollection(_ decl: CollectionDecl, scope: Scope) {
        let modelResolves = resolveName(decl.model, use: .storedModel, scope: scope)
        if let cache = decl.cache {
            if let ttl = cache.ttl { validateTTL(ttl) }
            if let negative = cache.negativeTTL { validateTTL(negative) }
            if let prefix = cache.keyPrefix,
               prefix.value.isEmpty || prefix.value.contains(where: { $0.isWhitespace || $0 == "{" || $0 == "}" }) {
                diagnostics.error(.invalidCacheSettings, "cache 'key_prefix' must be non-empty text without spaces or braces",
                                  at: prefix.location)
            }
        }
        for query in decl.queries {
            checkMemberName(query.info, kind: "query", camelOnly: true, reserved: SwiftNames.repositoryMembers)
        }
        guard modelResolves, case .model(let model, _)? = schema.lookup(decl.model.value) else { return }
        for query in decl.queries {
            validateQuery(query, of: model, scope: scope)
        }
    }

    /// Paths are unique, and each placeholder follows a declared parent collection.
    mutating func validateCollectionPaths() {
        var byShape: [String: Located<CollectionPath>] = [:]
        var names: [String: String] = [:]
        for decl in schema.collections {
            guard let path = decl.path else { continue }
            let shape = path.value.shape
            if let earlier = byShape[shape] {
                let earlierName = names[shape] ?? ""
                diagnostics.error(.duplicateCollectionPath, "collections '\(earlierName)' and '\(decl.info.name)' have the same path '\(path.value)'",
                                  at: path.location, notes: [.init(message: "'\(earlierName)' is declared here", location: earlier.location)])
            } else {
                byShape[shape] = path
                names[shape] = decl.info.name
            }
        }
        // A parent whose own path is broken may be the missing one: say nothing rather than guess.
        guard !schema.collections.contains(where: { $0.path == nil }) else { return }
        for decl in schema.collections {
            guard let path = decl.path else { continue }
            var prefix: [CollectionPath.Segment] = []
            var offset = 0
            for segment in path.value.segments {
                if case .placeholder(let name) = segment {
                    // Each placeholder becomes a stored property and an initializer label of the
                    // repository, beside `client` and `base`.
                    if SwiftNames.keywords.contains(name) || SwiftNames.repositoryMembers.contains(name) {
                        diagnostics.error(.reservedSwiftName, "placeholder '{\(name)}' would name a member of the generated repository that Swift or the repository itself already uses",
                                          at: path.location.advanced(by: offset + 1), suggestion: "rename it, as in '{\(name)Id}'")
                    }
                    let parent = CollectionPath(segments: prefix)
                    if byShape[parent.shape] == nil {
                        diagnostics.error(.unboundPlaceholder, "placeholder '{\(name)}' is not bound: no collection is declared at '\(parent)'",
                                          at: path.location.advanced(by: offset),
                                          suggestion: "declare a collection with 'path: \(parent)'")
                    }
                }
                prefix.append(segment)
                offset += segment.written.count + 1
            }
        }
    }

    /// A subcollection's accessor on its parent's repository (`casefiles.notes(of:)`), named
    /// after its collection ID: a Swift name, not one the repository has, and not a sibling's.
    mutating func validateSubcollectionAccessors() {
        var siblings: [String: [String: CollectionDecl]] = [:]
        var shapes: Set<String> = []
        for decl in schema.collections {
            guard let path = decl.path, let parent = path.value.parentCollectionPath, !path.value.placeholders.isEmpty,
                  shapes.insert(path.value.shape).inserted  // a second collection at one path is CANON063 already
            else { continue }
            let id = path.value.collectionID
            let accessor = Naming.accessorName(forCollectionID: id)
            let location = path.location.advanced(by: path.value.description.count - id.count)
            if !Naming.isLowerCamelName(accessor) {
                diagnostics.error(.invalidPathSegment, "subcollection ID '\(id)' gives no Swift name for its accessor on the parent's repository",
                                  at: location, suggestion: "start the collection ID with an ASCII letter")
            } else if SwiftNames.keywords.contains(accessor) || SwiftNames.repositoryMembers.contains(accessor) {
                diagnostics.error(.reservedSwiftName, "subcollection ID '\(id)' would make the accessor '\(accessor)(of:)', a name Swift or the parent's repository already uses",
                                  at: location)
            } else if let other = siblings[parent.shape]?[accessor] {
                diagnostics.error(.swiftNameCollision, "subcollections '\(other.info.name)' and '\(decl.info.name)' both make the accessor '\(accessor)(of:)' on their parent's repository",
                                  at: location, notes: [.init(message: "'\(other.info.name)' is declared here", location: other.info.location)])
            } else {
                siblings[parent.shape, default: [:]][accessor] = decl
            }
        }
    }

    /// Models stored in Firestore have an ID; only Redis-only models may go without.
    mutating func validateIdentityRequirements() {
        var stored: Set<String> = []
        for decl in schema.collections { stored.insert(decl.model.value) }
        let inRedis = Set(schema.keyspaces.map(\.model.value))
        for model in schema.models {
            guard let idField = model.idField else {
                if stored.contains(model.info.name) || !inRedis.contains(model.info.name) {
                    diagnostics.error(.missingID, "model '\(model.info.name)' has no field of type 'id'; models stored in Firestore need one",
                                      at: model.info.location,
                                      suggestion: "add 'id: id', or declare it under 'types:' if it has no identity")
                }
                continue
            }
            // A stored model's repository reaches its ID as `id`, whatever the field's name.
            if stored.contains(model.info.name), idField.swiftName != "id",
               let clash = model.fields.first(where: { $0.swiftName == "id" }) {
                diagnostics.error(.reservedSwiftName,
                                  "field '\(clash.info.name)' of model '\(model.info.name)' would be the Swift property 'id', which a stored model's generated code uses for its ID field '\(idField.info.name)'",
                                  at: clash.info.location,
                                  suggestion: "rename the field, or make it the ID field")
            }
        }
    }

    mutating func validateTTL(_ ttl: Located<Duration>) {
        if ttl.value.seconds <= 0 {
            diagnostics.error(.invalidTTL, "TTL must be positive, not \(ttl.value.seconds) seconds", at: ttl.location)
        } else if ttl.value.seconds > Duration.maximumTTL.seconds {
            diagnostics.error(.invalidTTL, "TTL \(ttl.value) is longer than the maximum of \(Duration.maximumTTL)", at: ttl.location)
        }
    }
}

extension CollectionPath.Segment {
    var written: String {
        switch self {
        case .collection(let id): id
        case .placeholder(let name): "{\(name)}"
        }
    }
}
