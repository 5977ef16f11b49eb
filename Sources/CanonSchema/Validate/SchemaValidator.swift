/// Checks the meaning of a decoded schema set: names resolve and are usable in Swift and
/// Firestore, defaults fit, identity and audit fields are well placed, paths bind, queries
/// and Redis keys make sense. Each rule area lives in its own file.
struct SchemaValidator: Sendable {
    let schema: SchemaSet
    let imports: ImportGraph
    var diagnostics = DiagnosticBag()

    init(_ schema: SchemaSet) {
        self.schema = schema
        self.imports = ImportGraph(schema)
    }

    /// Every problem found in the set, unsorted.
    func validate() -> [Diagnostic] {
        var validator = self
        validator.run()
        return validator.diagnostics.all
    }

    private mutating func run() {
        validateTypeNames()
        validateStoreNames()
        for file in schema.files {
            let scope = Scope(file: file.path, visible: imports.visibleFiles(from: file.path))
            for decl in file.enums { validateEnum(decl) }
            // Models are checked independently of each other, so large sets are checked in parallel.
            let base = self
            diagnostics.append(contentsOf: (file.embeddedTypes + file.models).parallelMap { decl in
                var validator = base
                validator.diagnostics = DiagnosticBag()
                validator.validateModel(decl, scope: scope)
                return validator.diagnostics.all
            }.flatMap { $0 })
            for decl in file.collections { validateCollection(decl, scope: scope) }
            for decl in file.keyspaces { validateKeyspace(decl, scope: scope) }
        }
        validateValueCycles()
        validateIdentityRequirements()
        validateCollectionPaths()
        validateSubcollectionAccessors()
        validateKeyPatterns()
        validateDeprecations()
    }
}

/// The file a declaration is in and the files it can see through its imports.
struct Scope: Sendable {
    var file: String
    var visible: Set<String>
}
