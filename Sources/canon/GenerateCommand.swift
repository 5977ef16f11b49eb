import ArgumentParser
import CanonCodegen
import CanonSchema
import Foundation

/// `canon generate`: validates schemas, then writes Swift for them — or nothing, if anything fails.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate Swift from schema files.",
        discussion: """
            Validates first and prints diagnostics as `canon validate` does. Writes only files \
            whose contents change, and nothing at all unless every schema is valid. Exit status: \
            0 success, 1 schema errors, 2 usage or I/O errors.
            """
    )

    @Argument(help: "Schema files or folders (folders are searched for *.yaml and *.yml).")
    var paths: [String] = ["Schemas"]

    @Option(help: "A generator configuration file (access level, imports, parts).")
    var config: String?

    @Option(help: "The folder to write generated files into.")
    var output: String = "Generated"

    @Option(help: "Schema paths in generated comments are written relative to this folder (default: the current one).")
    var sourceRoot: String?

    @Option(help: "How to print diagnostics: text (on standard error) or json (on standard output).")
    var format: DiagnosticFormat = .text

    @Flag(help: "Keep generated files in the output folder that no schema file produces any more.")
    var keepStale = false

    @Flag(help: "Refuse imports of files that are not among the inputs (the paths given, folders expanded): CANON100, as the build plugin does.")
    var importsOnlyInputs = false

    @Option(name: .customLong("module"), help: "NAME=FOLDER: a library module whose schema files (in FOLDER) the schemas import as {module: NAME, file: …}; its types are used, not generated. Repeatable.")
    var modules: [String] = []

    @Option(help: "Also write the lock file here: what data stored under these schemas relies on, which `canon breaking` compares later schemas with. Nothing is written when the schemas break data the existing lock describes, unless --accept-breaking is given.")
    var lock: String?

    @Flag(help: "With --lock: write even when the schemas break data the existing lock describes (an intended break), printing the breaks as warnings.")
    var acceptBreaking = false

    func run() throws {
        let generatorConfig = try loadConfig()
        let (schema, loaded) = try loadValidSchemas(paths, format: format, importsOnlyInputs: importsOnlyInputs, modules: modules)
        let lockText = try checkedLock(for: schema, fileCount: loaded.fileCount)
        let root = Self.absolute(sourceRoot ?? FileManager.default.currentDirectoryPath)
        let pipeline = GeneratorPipeline(config: generatorConfig, displayPath: { Self.relative(Self.absolute($0), to: root) })
        switch pipeline.generate(loaded) {
        case .failure(.invalidSchemas):
            throw ExitCode(ExitStatus.schemaErrors)  // the gate has printed them
        case .failure(let failure):
            throw CanonCLIError(description: "\(failure)")
        case .success(let files):
            do {
                let summary = try OutputWriter(folder: output, removesStaleFiles: !keepStale).write(files)
                // Quiet when nothing changed: the build plugin runs this on many builds.
                if !summary.written.isEmpty || !summary.removed.isEmpty {
                    StandardError.write("\(output): \(files.count) files, \(summary.written.count) written, "
                        + "\(summary.unchanged.count) unchanged, \(summary.removed.count) removed")
                }
            } catch {
                throw CanonCLIError(description: "cannot write to \(output): \(error.localizedDescription)")
            }
            if let lock, let lockText {
                do {
                    if try OutputWriter.writeIfChanged(lockText, to: lock) { StandardError.write("\(lock): written") }
                } catch {
                    throw CanonCLIError(description: "cannot write \(lock): \(error.localizedDescription)")
                }
            }
        }
    }

    /// The new lock's text, after comparing the schemas with the existing lock: a change that
    /// breaks stored data stops the run before anything is written, unless it is accepted.
    private func checkedLock(for schema: SchemaSet, fileCount: Int) throws -> String? {
        guard let lock else {
            if acceptBreaking { throw CanonCLIError(description: "--accept-breaking needs --lock") }
            return nil
        }
        if let locked = try LockFile.read(lock) {
            var changes = BreakingChanges.find(old: locked, new: schema)
            if changes.contains(where: { $0.severity == .error }) {
                if acceptBreaking {
                    changes = changes.map { var accepted = $0; accepted.severity = .warning; return accepted }
                    StandardError.write("\(lock): accepting the changes below that break stored data (--accept-breaking)")
                } else {
                    LockFile.emit(changes, lock: lock, format: format, fileCount: fileCount)
                    StandardError.write("nothing written: these changes break data stored under \(lock); "
                        + "make them compatible, or accept them with --accept-breaking (docs/SchemaEvolution.md)")
                    throw ExitCode(ExitStatus.schemaErrors)
                }
            }
            if !changes.isEmpty { LockFile.emit(changes, lock: lock, format: format, fileCount: fileCount) }
        }
        return SchemaLock.render(schema)
    }

    private func loadConfig() throws -> GeneratorConfig {
        guard let config else { return GeneratorConfig() }
        let bytes: [UInt8]
        do {
            bytes = try SchemaSource.disk.read(config)
        } catch {
            throw CanonCLIError(description: "\(error)")
        }
        let (loaded, diagnostics) = GeneratorConfig.load(bytes, file: config)
        guard let loaded else {
            DiagnosticOutput.emit(diagnostics, format: format, fileCount: 1)
            throw ExitCode(ExitStatus.schemaErrors)
        }
        return loaded
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// `/pkg/Schemas/a.yaml` relative to `/pkg` is `Schemas/a.yaml`.
    static func relative(_ path: String, to root: String) -> String {
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        let base = URL(fileURLWithPath: root).standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return standardized.hasPrefix(prefix) ? String(standardized.dropFirst(prefix.count)) : standardized
    }
}
