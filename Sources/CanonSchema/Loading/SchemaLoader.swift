/// Loads a schema set: finds the files, parses each with libyaml, decodes it, follows
/// imports, and validates the whole set.
///
/// The stages are small and run in order — load YAML → decode → resolve imports → validate —
/// and every stage reports into the same list, so one run shows every problem.
public struct SchemaLoader: Sendable {
    /// Where files come from.
    public var source: SchemaSource
    /// YAML limits.
    public var limits: YAMLLimits
    /// Whether every imported file must be one of the named inputs: the build plugin names a
    /// target's own schema files and compiles only what is generated from them, so an import
    /// from elsewhere is an error at the import rather than a missing Swift type later.
    public var importsOnlyInputs: Bool
    /// The library modules whose schemas the files may import (`{module: Name, file: …}`), by
    /// module name: the folder holding each one's schema files. The build plugin passes those of
    /// the target's dependencies.
    public var modules: [String: String]

    /// Creates a loader.
    public init(source: SchemaSource = .disk, limits: YAMLLimits = .default, importsOnlyInputs: Bool = false,
                modules: [String: String] = [:]) {
        self.source = source
        self.limits = limits
        self.importsOnlyInputs = importsOnlyInputs
        self.modules = modules
    }

    /// What loading produced: every diagnostic, and the schema set only when none is an error,
    /// so nothing can generate, document or index a set that failed validation.
    public struct Result: Sendable {
        /// The validated schema set; nil when any diagnostic is an error.
        public var schema: SchemaSet?
        /// Every problem found, sorted by file and position.
        public var diagnostics: [Diagnostic]
        /// How many schema files were read, imported ones included.
        public var fileCount: Int

        /// Whether any diagnostic is an error.
        public var hasErrors: Bool { schema == nil }

        init(schema: SchemaSet, diagnostics: [Diagnostic]) {
            self.diagnostics = diagnostics
            self.fileCount = schema.files.count
            self.schema = diagnostics.contains { $0.severity == .error } ? nil : schema
        }
    }

    /// Loads the files and folders in `paths`, plus every file they import.
    ///
    /// - Throws: ``SchemaInputError`` when a named path is missing or unreadable; problems in
    ///   the files' content are diagnostics, not errors.
    public func load(paths: [String]) throws(SchemaInputError) -> Result {
        // Each path with the library module it belongs to (nil: the run's own).
        var queue: [(path: String, module: String?)] = []
        for path in paths {
            queue += try source.list(path).map { (PathResolution.normalize($0), nil) }
        }
        var files: [String: SchemaFile] = [:]
        var diagnostics: [Diagnostic] = []
        let named = Set(queue.map(\.path))
        var unreadable: [String: SchemaInputError] = [:]
        var index = 0
        while index < queue.count {
            let (path, module) = queue[index]
            index += 1
            guard files[path] == nil, unreadable[path] == nil else { continue }
            let bytes: [UInt8]
            do {
                bytes = try source.read(path)
            } catch {
                // A file the user named is an input error; one reached only through imports is
                // a schema error at each import.
                if named.contains(path) { throw error }
                unreadable[path] = error
                continue
            }
            var (file, fileDiagnostics) = loadFile(bytes, path: path)
            file.module = module
            diagnostics += fileDiagnostics
            for (position, entry) in file.imports.enumerated() {
                if let name = entry.module {
                    // A library's schema file: resolved in its module's folder, never generated.
                    guard let folder = modules[name.value] else {
                        diagnostics.append(.error(.importNotFound, "module '\(name.value)' is not one whose schemas this run can import"
                            + (modules.isEmpty ? "; the build plugin passes the schemas of the target's dependencies that have them"
                                : " (it can import \(modules.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")))"),
                            at: name.location))
                        continue
                    }
                    let resolved = PathResolution.normalize(folder + "/" + entry.written.value)
                    file.imports[position].resolvedPath = resolved
                    if let problem = moduleProblem(resolved, module: name.value, named: named) {
                        diagnostics.append(.error(.importOutsideInputs, problem, at: entry.written.location))
                    } else {
                        queue.append((resolved, name.value))
                    }
                } else if let module {
                    // Within the same library: its imports cannot leave its folder.
                    if let problem = moduleProblem(entry.resolvedPath, module: module, named: named) {
                        diagnostics.append(.error(.importOutsideInputs, problem, at: entry.written.location))
                    } else {
                        queue.append((entry.resolvedPath, module))
                    }
                } else if importsOnlyInputs && !named.contains(entry.resolvedPath) {
                    diagnostics.append(.error(.importOutsideInputs, "imported file '\(entry.resolvedPath)' is not one of this "
                        + "run's input files; the build plugin passes only the target's own schema files, so move it into "
                        + "the target's folder, or import a library's schemas by module ({module: Name, file: …})", at: entry.written.location))
                } else {
                    queue.append((entry.resolvedPath, nil))
                }
            }
            files[path] = file
        }
        for file in files.values {
            for entry in file.imports {
                guard let error = unreadable[entry.resolvedPath] else { continue }
                diagnostics.append(.error(.importNotFound, "imported file '\(entry.resolvedPath)' \(error.reasonText)",
                                          at: entry.written.location))
            }
        }
        let schema = SchemaSet(files: Array(files.values))
        diagnostics += ImportGraph(schema).cycleDiagnostics()
        diagnostics += SchemaValidator(schema).validate()
        return Result(schema: schema, diagnostics: diagnostics.sorted())
    }

    /// Why a library's file cannot be loaded as its module's: outside the module's folder (its
    /// Swift module would not hold what it generates), or one of this run's own inputs.
    func moduleProblem(_ path: String, module: String, named: Set<String>) -> String? {
        let folder = PathResolution.normalize(modules[module] ?? "")
        if !path.hasPrefix(folder + "/") {
            return "imported file '\(path)' is outside the schema folder of module '\(module)' ('\(folder)'), so that module's types do not include it"
        }
        if named.contains(path) {
            return "imported file '\(path)' is one of this run's own input files and cannot also be module '\(module)''s"
        }
        return nil
    }

    /// Parses and decodes one file.
    func loadFile(_ bytes: [UInt8], path: String) -> (SchemaFile, [Diagnostic]) {
        let yaml = YAMLLoader(limits: limits).load(bytes, file: path)
        if yaml.root == nil && !yaml.diagnostics.isEmpty {
            return (SchemaFile(path: path), yaml.diagnostics)
        }
        var decoder = SchemaFileDecoder(path: path)
        let (file, decodeDiagnostics) = decoder.decode(yaml.root)
        return (file, yaml.diagnostics + decodeDiagnostics)
    }
}

extension SchemaInputError {
    var reasonText: String {
        switch self {
        case .notFound: "does not exist"
        case .unreadable(_, let reason): "cannot be read: \(reason)"
        case .noSchemaFiles: "holds no schema files"
        }
    }
}
