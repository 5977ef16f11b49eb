import ArgumentParser
import CanonCodegen
import CanonSchema
import Foundation

/// `canon docs`: writes a Markdown reference of a schema set for people.
struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Write a Markdown reference of schema files: a Mermaid diagram, then a table per type.",
        discussion: "Validates first; writes nothing unless every schema is valid, and nothing when the page is unchanged."
    )

    @Argument(help: "Schema files or folders.")
    var paths: [String] = ["Schemas"]

    @Option(help: "The Markdown file to write.")
    var output: String = "docs/Schemas.md"

    @Option(help: "Schema paths are written relative to this folder (default: the current one).")
    var sourceRoot: String?

    @Option(help: "How to print diagnostics: text (on standard error) or json (on standard output).")
    var format: DiagnosticFormat = .text

    @Option(name: .customLong("module"), help: "NAME=FOLDER: a library module whose schema files (in FOLDER) the schemas import as {module: NAME, file: …}. Repeatable.")
    var modules: [String] = []

    func run() throws {
        let (schema, _) = try loadValidSchemas(paths, format: format, modules: modules)
        let root = GenerateCommand.absolute(sourceRoot ?? FileManager.default.currentDirectoryPath)
        let page = SchemaReference(schema: schema, displayPath: { GenerateCommand.relative(GenerateCommand.absolute($0), to: root) }).render()
        try TextOutput.write(page, to: output)
    }
}
