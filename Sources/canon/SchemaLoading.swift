import ArgumentParser
import CanonSchema

/// Loads schemas for a command, turning unreadable inputs into the CLI's usage-or-I/O error.
func loadSchemas(_ paths: [String]) throws -> SchemaLoader.Result {
    do {
        return try SchemaLoader().load(paths: paths)
    } catch {
        throw CanonCLIError(description: "\(error)")
    }
}

/// Loads schemas for a command that needs them valid: on any error, prints every diagnostic in
/// compiler form and exits with the schema-error status, before anything is written.
func loadValidSchemas(_ paths: [String]) throws -> SchemaLoader.Result {
    let loaded = try loadSchemas(paths)
    guard !loaded.hasErrors else {
        DiagnosticOutput.emit(loaded.diagnostics, format: .text, fileCount: loaded.schema.files.count)
        throw ExitCode(ExitStatus.schemaErrors)
    }
    return loaded
}
