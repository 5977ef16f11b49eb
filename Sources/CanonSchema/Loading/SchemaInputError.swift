/// A problem reading the schema files themselves, as opposed to a problem in what they say.
public enum SchemaInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A named path does not exist.
    case notFound(path: String)
    /// A path exists but cannot be read.
    case unreadable(path: String, reason: String)
    /// A folder holds no `.yaml` or `.yml` file.
    case noSchemaFiles(path: String)

    public var description: String {
        switch self {
        case .notFound(let path): "\(path): no such file or folder"
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .noSchemaFiles(let path): "\(path): no schema files (*.yaml, *.yml) found"
        }
    }
}
