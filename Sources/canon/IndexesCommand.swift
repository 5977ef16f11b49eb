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

    func run() throws {
        let loaded = try loadValidSchemas(paths)
        let text = FirestoreIndexes.json(for: loaded.schema)
        if output == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        try TextOutput.write(text, to: output)
    }
}
