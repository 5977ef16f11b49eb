import ArgumentParser
import CanonSchema

/// Loads schemas for a command, turning unreadable inputs into the CLI's usage-or-I/O error.
func loadSchemas(_ paths: [String], importsOnlyInputs: Bool = false, modules: [String] = []) throws -> SchemaLoader.Result {
    do {
        return try SchemaLoader(importsOnlyInputs: importsOnlyInputs, modules: try parseModules(modules)).load(paths: paths)
    } catch let error as CanonCLIError {
        throw error
    } catch {
        throw CanonCLIError(description: "\(error)")
    }
}

/// `--module Name=folder` options, as the loader's modules.
func parseModules(_ options: [String]) throws -> [String: String] {
    var modules: [String: String] = [:]
    for option in options {
        let parts = option.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw CanonCLIError(description: "--module takes NAME=FOLDER (the folder of a library module's schema files), not '\(option)'")
        }
        guard modules.updateValue(String(parts[1]), forKey: String(parts[0])) == nil else {
            throw CanonCLIError(description: "--module names '\(parts[0])' twice")
        }
    }
    return modules
}

/// The gate of every command that needs valid schemas (`generate`, `docs`, `indexes`): loads
/// them, prints every diagnostic (warnings too) in `format`, and on any error exits with the
/// schema-error status before anything is written. Returns the validated set.
func loadValidSchemas(_ paths: [String], format: DiagnosticFormat, importsOnlyInputs: Bool = false, modules: [String] = [])
    throws -> (schema: SchemaSet, loaded: SchemaLoader.Result) {
    let loaded = try loadSchemas(paths, importsOnlyInputs: importsOnlyInputs, modules: modules)
    if !loaded.diagnostics.isEmpty {
        DiagnosticOutput.emit(loaded.diagnostics, format: format, fileCount: loaded.fileCount)
    }
    guard let schema = loaded.schema else { throw ExitCode(ExitStatus.schemaErrors) }
    return (schema, loaded)
}
