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

/// Loads schemas for a command that needs them valid, printing every diagnostic in compiler form
/// (warnings too, as `generate` does); on any error it exits with the schema-error status, before
/// anything is written.
func loadValidSchemas(_ paths: [String]) throws -> SchemaLoader.Result {
    let loaded = try loadSchemas(paths)
    if !loaded.diagnostics.isEmpty {
        DiagnosticOutput.emit(loaded.diagnostics, format: .text, fileCount: loaded.schema.files.count)
    }
    if loaded.hasErrors { throw ExitCode(ExitStatus.schemaErrors) }
    return loaded
}
