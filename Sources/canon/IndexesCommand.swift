import ArgumentParser
import CanonCodegen
import CanonSchema
import Foundation

/// `canon indexes`: writes the composite indexes the named queries need.
struct IndexesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indexes",
        abstract: "Write firestore.indexes.json: the composite indexes the schemas' named queries need.",
        discussion: "Deploy it with `firebase deploy --only firestore:indexes`. Validates first; writes nothing unless every schema is valid, and nothing when the file is unchanged."
    )

    @Argument(help: "Schema files or folders.")
    var paths: [String] = ["Schemas"]

    @Option(help: "The file to write; '-' prints it.")
    var output: String = "firestore.indexes.json"

    @Option(help: "How to print diagnostics: text (on standard error) or json (on standard output).")
    var format: DiagnosticFormat = .text

    @Option(name: .customLong("module"), help: "NAME=FOLDER: a library module whose schema files (in FOLDER) the schemas import as {module: NAME, file: …}. Repeatable.")
    var modules: [String] = []

    func validate() throws {
        if output == "-" && format == .json {
            throw ValidationError("'--output -' and '--format json' would both print on standard output; choose one")
        }
    }

    func run() throws {
        let (schema, _) = try loadValidSchemas(paths, format: format, modules: modules)
        let text = FirestoreIndexes.json(for: schema)
        if output == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        try TextOutput.write(text, to: output)
    }
}
