import ArgumentParser
import CanonSchema

/// `canon breaking`: compares the schemas with the lock `canon generate --lock` wrote, and
/// reports what breaks stored data (errors) and what breaks only Swift source (warnings).
struct BreakingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breaking",
        abstract: "Report schema changes that break stored data, against the committed lock file.",
        discussion: """
            Changes that break data stored under the locked schemas (a field removed or retyped, \
            a storage key changed without an alias, a field made required, an enum value removed \
            or a reserved one reused, a collection path, ID strategy or Redis key pattern changed, \
            a constraint tightened) are errors; changes that break only Swift source (renames, \
            removed types or queries) are warnings, printed after them. To accept an intended \
            break, run `canon generate --lock FILE --accept-breaking` and commit the new lock. \
            Exit status: 0 when nothing breaks stored data, 1 when something does (or the schemas \
            have errors), 2 on usage or I/O errors, including a missing lock.
            """
    )

    @Argument(help: "Schema files or folders (folders are searched for *.yaml and *.yml).")
    var paths: [String] = ["Schemas"]

    @Option(help: "The lock file to compare with.")
    var lock: String = "Schemas/canon.lock"

    @Option(help: "How to print diagnostics: text (on standard error) or json (on standard output).")
    var format: DiagnosticFormat = .text

    @Option(name: .customLong("module"), help: "NAME=FOLDER: a library module whose schema files (in FOLDER) the schemas import as {module: NAME, file: …}. Repeatable.")
    var modules: [String] = []

    func run() throws {
        // Loaded without printing, so that --format json prints one report.
        let loaded = try loadSchemas(paths, modules: modules)
        guard let schema = loaded.schema else {
            DiagnosticOutput.emit(loaded.diagnostics, format: format, fileCount: loaded.fileCount)
            throw ExitCode(ExitStatus.schemaErrors)
        }
        guard let locked = try LockFile.read(lock) else {
            throw CanonCLIError(description: "no lock file at \(lock); `canon generate --lock \(lock)` writes one")
        }
        let changes = BreakingChanges.find(old: locked, new: schema)
        LockFile.emit(changes, warnings: loaded.diagnostics, lock: lock, format: format, fileCount: loaded.fileCount)
        if changes.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.schemaErrors) }
    }
}
