import CanonSchema

/// Loads schemas for a command, turning unreadable inputs into the CLI's usage-or-I/O error.
func loadSchemas(_ paths: [String]) throws -> SchemaLoader.Result {
    do {
        return try SchemaLoader().load(paths: paths)
    } catch {
        throw CanonCLIError(description: "\(error)")
    }
}
