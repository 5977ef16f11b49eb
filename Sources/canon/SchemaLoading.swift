import ArgumentParser
import CanonSchema

/// Loads schemas for a command, turning unreadable inputs into the CLI's usage-or-I/O error.
func loadSchemas(_ paths: [String], importsOnlyInputs: Bool = false) throws -> SchemaLoader.Result {
    do {
        return try SchemaLoader(importsOnlyInputs: importsOnlyInputs).load(paths: paths)
    } catch {
        throw CanonCLIError(description: "\(error)")
    }
}

/// The gate of every command that needs valid schemas (`generate`, `docs`, `indexes`): loads
/// them, prints every diagnostic (warnings too) in `format`, and on any error exits with the
/// schema-error status before anything is written. Returns the validated set.
func loadValidSchemas(_ paths: [String], format: DiagnosticFormat, importsOnlyInputs: Bool = false)
    throws -> (schema: SchemaSet, loaded: SchemaLoader.Result) {
    let loaded = try loadSchemas(paths, importsOnlyInputs: importsOnlyInputs)
    if !loaded.diagnostics.isEmpty {
        DiagnosticOutput.emit(loaded.diagnostics, format: format, fileCount: loaded.fileCount)
    }
    guard let schema = loaded.schema else { throw ExitCode(ExitStatus.schemaErrors) }
    return (schema, loaded)
}
