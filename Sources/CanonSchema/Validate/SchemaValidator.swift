/// Checks the meaning of a decoded schema set: names resolve and are usable in Swift and
/// Firestore, defaults fit, identity and audit fields are well placed, paths bind, queries
/// and Redis keys make sense. Each rule area lives in its own file.
struct SchemaValidator {
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
            for decl in file.embeddedTypes + file.models { validateModel(decl, scope: scope) }
            for decl in file.collections { validateCollection(decl, scope: scope) }
            for decl in file.keyspaces { validateKeyspace(decl, scope: scope) }
        }
        validateIdentityRequirements()
        validateCollectionPaths()
        validateKeyPatterns()
        validateDeprecations()
    }
}

/// The file a declaration is in and the files it can see through its imports.
struct Scope {
    var file: String
    var visible: Set<String>
}
