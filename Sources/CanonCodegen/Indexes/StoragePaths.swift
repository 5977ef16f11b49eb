import CanonSchema

/// Schema field paths (`size.width`) as the storage-key paths documents hold (`size.w`), through
/// embedded types and map values.
struct StoragePaths {
    let schema: SchemaSet

    /// The storage-key path and the type at its end; nil if the path does not resolve.
    func resolve(_ path: String, in model: ModelDecl) -> (path: String, type: FieldType)? {
        var current = model
        var type: FieldType?
        var keys: [String] = []
        for component in path.split(separator: ".").map(String.init) {
            if let known = type {
                switch known {
                case .map(let value):
                    keys.append(component)
                    type = value
                    continue
                case .named(let name):
                    guard case .embedded(let decl, _)? = schema.lookup(name) else { return nil }
                    current = decl
                default:
                    return nil
                }
            }
            guard let field = current.field(named: component) else { return nil }
            keys.append(field.storageKey.value)
            type = field.type.value
        }
        return type.map { (keys.joined(separator: "."), $0) }
    }
}
