/// Decodes the YAML tree of one schema file into declarations, checking its structure: known
/// keys, value kinds, required keys, type expressions, paths and key patterns.
///
/// Meaning — whether names resolve, defaults fit, queries make sense — is the validator's job.
struct SchemaFileDecoder {
    /// The newest `schema:` version this build understands.
    static let supportedVersion = 1

    static let topLevelKeys: Set<String> = ["schema", "doc", "imports", "enums", "types", "models", "collections", "redis"]

    var reader = NodeReader()
    let path: String

    init(path: String) {
        self.path = path
    }

    /// Decodes `root`; returns the file (possibly partial) and what was wrong with it.
    mutating func decode(_ root: YAMLNode?) -> (SchemaFile, [Diagnostic]) {
        var file = SchemaFile(path: path)
        let start = SourceLocation(file: path, line: 1, column: 1)
        guard let root else {
            reader.diagnostics.error(.schemaVersion, "file is empty; a schema file starts with 'schema: 1'", at: start)
            return (file, reader.diagnostics.all)
        }
        guard let top = reader.mapping(root, "a schema file", allowed: Self.topLevelKeys) else {
            return (file, reader.diagnostics.all)
        }
        decodeVersion(top["schema"], into: &file, fileStart: start)
        if let doc = top["doc"] { file.doc = reader.string(doc.value, "'doc'")?.value }
        if let entry = top["imports"] { file.imports = decodeImports(entry.value) }
        if let entry = top["enums"] {
            for item in reader.namedEntries(entry.value, "'enums'") {
                if let decl = decodeEnum(name: item.key, item.value) { file.enums.append(decl) }
            }
        }
        if let entry = top["types"] {
            for item in reader.namedEntries(entry.value, "'types'") {
                if let decl = decodeModel(name: item.key, item.value, role: .embedded) { file.embeddedTypes.append(decl) }
            }
        }
        if let entry = top["models"] {
            // Each model decodes on its own, so large files decode in parallel.
            let path = self.path
            for (decl, diagnostics) in reader.namedEntries(entry.value, "'models'").parallelMap({ item in
                var decoder = SchemaFileDecoder(path: path)
                return (decoder.decodeModel(name: item.key, item.value, role: .model), decoder.reader.diagnostics.all)
            }) {
                reader.diagnostics.append(contentsOf: diagnostics)
                if let decl { file.models.append(decl) }
            }
        }
        if let entry = top["collections"] {
            for item in reader.namedEntries(entry.value, "'collections'") {
                if let decl = decodeCollection(name: item.key, item.value) { file.collections.append(decl) }
            }
        }
        if let entry = top["redis"] {
            for item in reader.namedEntries(entry.value, "'redis'") {
                if let decl = decodeKeyspace(name: item.key, item.value) { file.keyspaces.append(decl) }
            }
        }
        return (file, reader.diagnostics.all)
    }

    private mutating func decodeVersion(_ entry: YAMLMappingEntry?, into file: inout SchemaFile, fileStart: SourceLocation) {
        guard let entry else {
            reader.diagnostics.error(.schemaVersion, "missing 'schema:' version key", at: fileStart,
                                     suggestion: "start the file with 'schema: \(Self.supportedVersion)'")
            return
        }
        guard case .int(let version) = entry.value.constant else {
            reader.diagnostics.error(.schemaVersion,
                                     "'schema' must be a whole version number such as \(Self.supportedVersion), not \(entry.value.kindDescription)\(entry.value.constant.shownForMessage)",
                                     at: entry.value.location)
            return
        }
        guard version == Self.supportedVersion else {
            reader.diagnostics.error(.schemaVersion,
                                     "schema version \(version) is not supported; this canon reads version \(Self.supportedVersion)",
                                     at: entry.value.location)
            return
        }
        file.version = Int(version)
    }

    /// Parses a type expression, reporting a syntax error at its exact column.
    mutating func typeExpression(_ node: YAMLNode, _ what: String) -> Located<FieldType>? {
        guard let text = reader.string(node, what) else { return nil }
        switch TypeExpressionParser.parse(text.value) {
        case .success(let type):
            return Located(type, at: text.location)
        case .failure(let failure):
            reader.diagnostics.error(.invalidTypeExpression, "invalid type '\(text.value)': \(failure.message)",
                                     at: text.location.advanced(by: failure.offset))
            return nil
        }
    }

    static let moduleImportKeys: Set<String> = ["module", "file"]

    /// `imports:`: paths relative to this file, and module imports,
    /// `{module: CanonicalModels, file: casefile.yaml}`, of a library's schemas.
    mutating func decodeImports(_ node: YAMLNode) -> [SchemaFile.Import] {
        let items = node.sequenceItems ?? [node]
        var imports: [SchemaFile.Import] = []
        for item in items {
            if item.mappingEntries != nil {
                guard let entries = reader.mapping(item, "a module import", allowed: Self.moduleImportKeys, required: ["module", "file"]),
                      let module = entries["module"].flatMap({ reader.string($0.value, "'module'") }),
                      let file = entries["file"].flatMap({ reader.string($0.value, "'file'") }) else { continue }
                imports.append(SchemaFile.Import(written: file, resolvedPath: file.value, module: module))
            } else if item.scalar != nil || node.sequenceItems == nil {
                for text in reader.stringList(item, "'imports'") {
                    imports.append(SchemaFile.Import(written: text, resolvedPath: PathResolution.resolve(text.value, relativeTo: path), module: nil))
                }
            } else {
                reader.diagnostics.error(.wrongValueKind, "each entry of 'imports' must be a path or {module:, file:}, not \(item.kindDescription)",
                                         at: item.location)
            }
        }
        return imports
    }
}
