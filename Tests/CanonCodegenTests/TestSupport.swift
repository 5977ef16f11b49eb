import CanonCodegen
import CanonSchema
import Foundation

enum TestSupport {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let references = testsFolder.appendingPathComponent("References")

    /// Loads schema files by paths relative to the package root, as `canon generate` does when
    /// run from there.
    static func load(_ paths: [String]) throws -> SchemaLoader.Result {
        let root = packageRoot.path
        let source = SchemaSource(
            read: { path throws(SchemaInputError) in try SchemaSource.disk.read(root + "/" + path) },
            list: { path throws(SchemaInputError) in
                try SchemaSource.disk.list(root + "/" + path).map { String($0.dropFirst(root.count + 1)) }
            })
        return try SchemaLoader(source: source).load(paths: paths)
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

    /// A readable diff, using `diff -u` when the system has it.
    static func diff(expected: String, actual: String, names: (String, String) = ("expected", "actual")) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("canon-diff-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent(names.0)
        let b = folder.appendingPathComponent(names.1)
        try? expected.write(to: a, atomically: true, encoding: .utf8)
        try? actual.write(to: b, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/diff")
        process.arguments = ["-u", a.path, b.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return "(no diff tool)" }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}
