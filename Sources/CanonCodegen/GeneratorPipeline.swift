import CanonSchema

/// The generator: a validated schema set → structured Swift → text, in memory.
///
/// Stages: ``SchemaLoader`` (parse and validate, in `CanonSchema`) → ``Translator`` (schema
/// model to ``SwiftFile`` structure) → ``SwiftRenderer`` (structure to text). Nothing is written
/// here; ``OutputWriter`` writes the result only when every stage succeeded.
public struct GeneratorPipeline: Sendable {
    /// What to generate.
    public var config: GeneratorConfig
    /// Shows schema paths as they should appear in generated code (relative, so that output is
    /// the same on every machine).
    public var displayPath: @Sendable (String) -> String

    /// Creates a pipeline.
    public init(config: GeneratorConfig, displayPath: @escaping @Sendable (String) -> String = { $0 }) {
        self.config = config
        self.displayPath = displayPath
    }

    /// Why generation produced nothing.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// The schemas have errors; the diagnostics say which.
        case invalidSchemas([Diagnostic])
        /// Two schema files would generate files of the same name.
        case duplicateOutputName(String, files: [String])

        public var description: String {
            switch self {
            case .invalidSchemas(let diagnostics):
                "the schemas have \(diagnostics.filter { $0.severity == .error }.count) error(s); nothing was generated"
            case .duplicateOutputName(let name, let files):
                "\(files.joined(separator: " and ")) would both generate '\(name)'; rename one of them"
            }
        }
    }

    /// Generates the files for a loaded schema set.
    public func generate(_ loaded: SchemaLoader.Result) -> Result<[GeneratedFile], Failure> {
        guard let schema = loaded.schema else { return .failure(.invalidSchemas(loaded.diagnostics)) }
        let translator = Translator(schema: schema, config: config, displayPath: displayPath)
        // The support file's name is taken too: a schema called `CanonSchemaSet.yaml` would replace it.
        var owners: [String: String] = [OutputFileNames.support: "the schema set's support file"]
        var names: [String] = []
        var units: [Translator.Unit] = []
        var unitRanges: [Range<Int>] = []
        // A library module's files (module imports) are that module's types: used, not generated.
        let ownFiles = translator.ownFiles
        for file in ownFiles {
            let name = OutputFileNames.name(forSchemaFile: file.path)
            if let other = owners[name] { return .failure(.duplicateOutputName(name, files: [other, file.path])) }
            owners[name] = file.path
            names.append(name)
            let start = units.count
            units += translator.units(of: file)
            unitRanges.append(start..<units.count)
        }
        // Translate and render run per declaration, in parallel across every file, and each
        // structure is freed as soon as it is text: building every structure before rendering
        // any, and freeing them all at the end, took longer than the translation itself.
        let parts = units.parallelMap { unit in translator.translate(unit).map(SwiftRenderer.part) ?? [] }
        var files = ownFiles.indices.map { index in
            let shell = translator.shell(of: ownFiles[index], named: names[index])
            return GeneratedFile(name: names[index], contents: SwiftRenderer.render(shell, parts: Array(parts[unitRanges[index]])))
        }
        files.append(GeneratedFile(name: OutputFileNames.support, contents: SwiftRenderer.render(translator.supportFile())))
        return .success(files.sorted { $0.name < $1.name })
    }
}
