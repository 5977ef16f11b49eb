import ArgumentParser
import CanonSchema

/// `canon validate [PATH…]`: checks schema files and reports every problem at once.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check schema files and report every problem with its location.",
        discussion: """
            Exit status: 0 when the schemas are valid (warnings allowed), 1 when they have \
            errors, 2 on usage or I/O errors.
            """
    )

    @Argument(help: "Schema files or folders to check (folders are searched for *.yaml and *.yml).")
    var paths: [String] = ["Schemas"]

    @Option(help: "How to print diagnostics: text (on standard error) or json (on standard output).")
    var format: DiagnosticFormat = .text

    @Option(name: .customLong("module"), help: "NAME=FOLDER: a library module whose schema files (in FOLDER) the schemas import as {module: NAME, file: …}. Repeatable.")
    var modules: [String] = []

    func run() throws {
        let result = try loadSchemas(paths, modules: modules)
        DiagnosticOutput.emit(result.diagnostics, format: format, fileCount: result.fileCount)
        if result.hasErrors { throw ExitCode(ExitStatus.schemaErrors) }
    }
}
