import CanonCodegen
import CanonSchema
import CanonTestSupport
import Foundation

enum TestSupport {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let references = testsFolder.appendingPathComponent("References")

    /// Loads schema files by paths relative to the package root, as `canon generate` does when
    /// run from there.
    static func load(_ paths: [String]) throws -> SchemaLoader.Result {
        try SchemaLoader(source: .disk(root: packageRoot.path)).load(paths: paths)
    }

    /// Reads a generator configuration file relative to the package root.
    static func config(_ path: String) throws -> GeneratorConfig {
        let bytes = try SchemaSource.disk.read(packageRoot.path + "/" + path)
        let (config, diagnostics) = GeneratorConfig.load(bytes, file: path)
        guard let config else { throw ConfigError(diagnostics: diagnostics) }
        return config
    }

    struct ConfigError: Error {
        var diagnostics: [Diagnostic]
    }

    static func generate(_ paths: [String], config: GeneratorConfig) throws -> [GeneratedFile] {
        try GeneratorPipeline(config: config).generate(try load(paths)).get()
    }

    /// A readable diff.
    static func diff(expected: String, actual: String, names: (String, String) = ("expected", "actual")) -> String {
        Diff.unified(expected: expected, actual: actual, names: names)
    }
}
