extension SchemaValidator {
    /// What a use of a type name may refer to.
    enum TypeUse {
        /// A field, parameter or element type: enums and embedded types.
        case value
        /// The `model:` of a collection or keyspace.
        case storedModel
    }

    /// Checks that every name in `type` resolves, is visible from `scope`, and may be used as
    /// a value. Returns false when any does not, so callers skip checks that need the type.
    @discardableResult
    mutating func resolve(_ type: Located<FieldType>, scope: Scope) -> Bool {
        var ok = true
        if let nested = type.value.arrayDirectlyInArray {
            let inner = nested == type.value ? "" : " ('\(nested)')"
            diagnostics.error(.nestedArray, "'\(type.value)' has a list directly inside a list\(inner), which Firestore cannot store",
                              at: type.location, suggestion: "wrap the inner list in an embedded type (a list of maps of lists is fine)")
            ok = false
        }
        let names = type.value.namedTypes
        guard !names.isEmpty || type.value.innermost.isReference else { return true }
        let rendered = type.value.description
        for name in names {
            let offset = rendered.range(of: name).map { rendered.distance(from: rendered.startIndex, to: $0.lowerBound) } ?? 0
            ok = resolveName(Located(name, at: type.location.advanced(by: offset)), use: .value, scope: scope) && ok
        }
        if case .reference(let collection) = type.value.innermost {
            ok = resolveCollection(Located(collection, at: type.location.advanced(by: rendered.count - collection.count - 1)),
                                   scope: scope) && ok
        }
        return ok
    }

    /// Checks a type name: declared, visible, and of a kind that fits its use.
    @discardableResult
    mutating func resolveName(_ name: Located<String>, use: TypeUse, scope: Scope) -> Bool {
        guard let decl = schema.lookup(name.value) else {
            let candidates: [String]
            switch use {
            case .value:
                candidates = schema.enums.map(\.info.name) + schema.embeddedTypes.map(\.info.name)
                    + BuiltinType.allCases.map(\.rawValue)
            case .storedModel:
                candidates = schema.models.map(\.info.name)
            }
            let what = use == .value ? "type" : "model"
            diagnostics.error(.unknownType, "unknown \(what) '\(name.value)'", at: name.location,
                              suggestion: Suggestion.didYouMean(name.value, in: candidates))
            return false
        }
        var ok = true
        switch (use, decl) {
        case (.value, .model):
            diagnostics.error(.wrongTypeRole,
                              "model '\(name.value)' cannot be a field type; point at it with 'ref<collection>' or declare it under 'types:'",
                              at: name.location)
            ok = false
        case (.storedModel, .enumType), (.storedModel, .embedded):
            diagnostics.error(.wrongTypeRole, "'\(name.value)' is not a model; only types under 'models:' can be stored",
                              at: name.location)
            ok = false
        default:
            break
        }
        let module = schema.files.first { $0.path == decl.file }?.module
        if use == .storedModel, let module, schema.files.first(where: { $0.path == scope.file })?.module == nil {
            // The library's repository and references are the library's: its collections store its models.
            diagnostics.error(.wrongTypeRole, "model '\(name.value)' belongs to module '\(module)'; this target's collections and keyspaces store its own models",
                              at: name.location, suggestion: "declare a model of this target, with a 'ref<…>' to the library's documents if it points at them")
            ok = false
        }
        if !scope.visible.contains(decl.file) {
            diagnostics.error(.typeNotImported, "'\(name.value)' is declared in '\(decl.file)', which this file does not import",
                              at: name.location, suggestion: importSuggestion(of: decl.file, module: module, from: scope.file))
            ok = false
        }
        return ok
    }

    /// Checks the collection named in `ref<…>`.
    mutating func resolveCollection(_ name: Located<String>, scope: Scope) -> Bool {
        guard schema.collection(named: name.value) != nil else {
            diagnostics.error(.unknownType, "unknown collection '\(name.value)' in reference", at: name.location,
                              suggestion: Suggestion.didYouMean(name.value, in: schema.collections.map(\.info.name)))
            return false
        }
        if let file = schema.files.first(where: { $0.collections.contains { $0.info.name == name.value } }),
           !scope.visible.contains(file.path) {
            diagnostics.error(.typeNotImported,
                              "collection '\(name.value)' is declared in '\(file.path)', which this file does not import",
                              at: name.location, suggestion: importSuggestion(of: file.path, module: file.module, from: scope.file))
            return false
        }
        return true
    }

    /// What to add to `imports`: the relative path, or for a library's file a module import.
    private func importSuggestion(of target: String, module: String?, from importer: String) -> String {
        guard let module else { return "add '\(relativeImport(of: target, from: importer))' to 'imports'" }
        return "add '{module: \(module), file: …}' for it to 'imports'"
    }

    /// `Schemas/common.yaml` as seen from `Schemas/casefile.yaml`: `common.yaml`.
    private func relativeImport(of target: String, from importer: String) -> String {
        let folder = importer.split(separator: "/").dropLast().joined(separator: "/")
        if !folder.isEmpty, target.hasPrefix(folder + "/") { return String(target.dropFirst(folder.count + 1)) }
        return target
    }
}

extension FieldType {
    var isReference: Bool {
        if case .reference = self { return true }
        return false
    }

    /// The first `[[T]]` inside the expression, if any: Firestore refuses an array whose element
    /// is an array, at any depth, but allows one inside a map inside an array.
    var arrayDirectlyInArray: FieldType? {
        switch self {
        case .array(let element):
            if case .array = element { return self }
            return element.arrayDirectlyInArray
        case .map(let element): return element.arrayDirectlyInArray
        default: return nil
        }
    }

    /// The element type under any number of lists and maps.
    public var innermost: FieldType {
        switch self {
        case .array(let element), .map(let element): element.innermost
        default: self
        }
    }
}
