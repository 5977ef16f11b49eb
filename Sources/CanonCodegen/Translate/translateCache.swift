import CanonSchema

extension Translator {
    /// `static let cache = CanonRuntime.CachedCollection(…)` for a collection whose schema enables
    /// `cache:`; the runtime does the caching.
    func cacheDeclaration(_ collection: CollectionDecl, path: CollectionPath, model: ModelDecl) -> Declaration? {
        guard let cache = collection.cache, cache.isEnabled, let ttl = cache.ttl?.value else { return nil }
        var policy: [(String?, Expression)] = [("ttl", Self.seconds(ttl))]
        if let negative = cache.negativeTTL?.value { policy.append(("negativeTTL", Self.seconds(negative))) }
        let collectionIDs: [Expression] = path.segments.compactMap { segment in
            if case .collection(let id) = segment { return .literal(.string(id)) }
            return nil
        }
        let value = Expression.identifier(RuntimeNames.cachedCollection).call([
            ("collectionIDs", .literal(.array(collectionIDs))),
            ("keyPrefix", .literal(.string(cache.keyPrefix?.value ?? collection.info.name))),
            ("fingerprint", .literal(.string(shapeFingerprint(of: model)))),
            ("policy", Expression.identifier(RuntimeNames.collectionCachePolicy).call(policy)),
        ])
        let misses = cache.negativeTTL.map { "misses for \($0.value)" } ?? "misses not cached"
        let doc = ["How the schema's `cache:` caches the collection: documents for \(ttl), \(misses).", "",
                   "The fingerprint names the model's stored shape, so entries of another shape are never read."]
        return .documented(Documentation(doc), .variable(VariableDeclaration(access: config.access, isStatic: true, kind: .let, name: "cache",
                                                                            type: .named(RuntimeNames.cachedCollection), value: value)))
    }

    /// The cached collections of the set, for `CanonSchemaSet.cachedCollections`.
    var cachedCollections: [Expression] {
        schema.collections.compactMap { collection in
            guard collection.cache?.isEnabled == true, collection.cache?.ttl != nil, let path = collection.path?.value,
                  case .model(let model, _)? = schema.lookup(collection.model.value), model.idField != nil,
                  cacheDeclaration(collection, path: path, model: model) != nil else { return nil }
            return Expression.identifier(repositoryName(collection)).dot("cache")
        }
    }

    /// 16 hex digits naming what a model stores: each field's storage key, older keys, type,
    /// optionality and nullability, through embedded types, maps and lists, with each enum's
    /// stored values. Docs, Swift names, defaults and constraints do not count: they do not change
    /// how a stored document reads.
    func shapeFingerprint(of model: ModelDecl) -> String {
        var visited: Set<String> = []
        let text = shape(of: model, visited: &visited)
        return FNV1a.hex(text)
    }

    private func shape(of model: ModelDecl, visited: inout Set<String>) -> String {
        let fields = model.fields.sorted { $0.storageKey.value < $1.storageKey.value }.map { field in
            var text = field.storageKey.value.debugDescription
            if !field.aliases.isEmpty { text += "|" + field.aliases.map(\.value.debugDescription).joined(separator: "|") }
            text += ":" + shape(of: field.type.value, visited: &visited)
            if field.isOptional { text += "?" }
            if field.isNullable { text += "!" }
            return text
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    private func shape(of type: FieldType, visited: inout Set<String>) -> String {
        switch type {
        case .builtin(let builtin): return builtin.rawValue
        case .reference(let collection): return "ref<\(collection)>"
        case .array(let element): return "[" + shape(of: element, visited: &visited) + "]"
        case .map(let value): return "[:" + shape(of: value, visited: &visited) + "]"
        case .named(let name):
            guard visited.insert(name).inserted else { return name }
            switch schema.lookup(name) {
            case .enumType(let decl, _)?:
                return "enum(" + decl.cases.map { Self.storedValue($0.rawValue.value) }.joined(separator: ",") + (decl.isOpen ? ",…" : "") + ")"
            case .embedded(let decl, _)?, .model(let decl, _)?:
                return name + shape(of: decl, visited: &visited)
            case nil:
                return name
            }
        }
    }

    /// An enum's stored value: its text, or its number.
    private static func storedValue(_ value: ConstantValue) -> String {
        switch value {
        case .string(let text): text.debugDescription
        case .int(let number): String(number)
        default: "?"
        }
    }

    private static func seconds(_ duration: Duration) -> Expression {
        Expression.member(nil, "seconds").call([(nil, .literal(.int(duration.seconds)))])
    }
}

/// The 64-bit FNV-1a hash: small, stable across platforms and releases (unlike `Hasher`), and
/// enough to tell shapes apart.
enum FNV1a {
    static func hex(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
