import Foundation
@testable import CanonSchema

/// Paths and loaders shared by the tests.
enum TestSupport {
    /// `Tests/CanonSchemaTests`.
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    /// The package root.
    static let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    /// `Tests/CanonSchemaTests/Fixtures`.
    static let fixtures = testsFolder.appendingPathComponent("Fixtures")

    /// Loads YAML text as a file named `test.yaml`.
    static func yaml(_ text: String, limits: YAMLLimits = .default) -> YAMLLoader.Result {
        YAMLLoader(limits: limits).load(Array(text.utf8), file: "test.yaml")
    }

    /// Loads schema files held in memory.
    static func schema(_ files: [String: String]) -> SchemaLoader.Result {
        try! SchemaLoader(source: .memory(files)).load(paths: files.keys.sorted())
    }

    /// Loads one in-memory schema file named `test.yaml`.
    static func schema(_ text: String) -> SchemaLoader.Result {
        schema(["test.yaml": text])
    }

    /// The package's own `Schemas/`, or nil when they do not load.
    static func loadPackageSchemas() throws -> SchemaSet? {
        try SchemaLoader(source: rootedSource(packageRoot)).load(paths: ["Schemas"]).schema
    }

    /// Files below `root`, reported relative to it.
    static func rootedSource(_ root: URL) -> SchemaSource {
        .disk(root: root.path)
    }
}

extension SchemaLoader.Result {
    /// The diagnostics as the CLI prints them, one per line.
    var rendered: String { diagnostics.map(\.description).joined(separator: "\n") }

    /// Just the codes, in order.
    var codes: [String] { diagnostics.map(\.code.rawValue) }
}
