/// A lock file that cannot be read: not YAML, or not what ``SchemaLock`` writes.
public struct SchemaLockError: Error, Sendable, CustomStringConvertible {
    /// Where the problem is.
    public var location: SourceLocation
    /// What is wrong.
    public var message: String

    public var description: String { "\(location): \(message)" }
}

/// Reads a lock file back into a schema set of one file, the lock itself, whose declarations
/// are located at their lines in the lock (so that a change that removes one points there).
public struct SchemaLockReader: Sendable {
    /// Creates a reader.
    public init() {}

    /// The schema set `bytes` describes; `file` names the lock in locations.
    public func read(_ bytes: [UInt8], file: String) throws(SchemaLockError) -> SchemaSet {
        let loaded = YAMLLoader().load(bytes, file: file)
        // A duplicated entry (a bad merge) is dropped with a diagnostic: not a lock to trust.
        if loaded.root != nil, let problem = loaded.diagnostics.first(where: { $0.severity == .error }) {
            throw SchemaLockError(location: problem.location, message: "not a lock file: \(problem.message)")
        }
        guard let root = loaded.root else {
            let first = loaded.diagnostics.first
            throw SchemaLockError(location: first?.location ?? SourceLocation(file: file, line: 1, column: 1),
                                  message: "not a lock file: \(first?.message ?? "empty")")
        }
        let top = try entries(root, allowed: ["canon_lock", "enums", "types", "models", "collections", "keyspaces"])
        guard let version = top["canon_lock"], case .int(let number) = try scalar(version).resolved,
              number == SchemaLock.version else {
            throw SchemaLockError(location: root.location,
                                  message: "not a lock file of this canon: 'canon_lock: \(SchemaLock.version)' is missing or different")
        }
        var lock = SchemaFile(path: file)
        for (name, node) in try named(top["enums"]) { lock.enums.append(try enumDecl(name, node)) }
        for (name, node) in try named(top["types"]) { lock.embeddedTypes.append(try modelDecl(name, node, role: .embedded)) }
        for (name, node) in try named(top["models"]) { lock.models.append(try modelDecl(name, node, role: .model)) }
        for (name, node) in try named(top["collections"]) { lock.collections.append(try collectionDecl(name, node)) }
        for (name, node) in try named(top["keyspaces"]) { lock.keyspaces.append(try keyspaceDecl(name, node)) }
        return SchemaSet(files: [lock])
    }

    private func enumDecl(_ name: Located<String>, _ node: YAMLNode) throws(SchemaLockError) -> EnumDecl {
        let fields = try entries(node, allowed: ["raw", "open", "values", "reserved"])
        guard let raw = EnumDecl.RawType(rawValue: try string(try require(fields, "raw", node))) else {
            throw SchemaLockError(location: node.location, message: "'raw' is 'string' or 'int'")
        }
        let cases = try named(fields["values"]).map { caseName, value throws(SchemaLockError) in
            EnumDecl.Case(info: DeclarationInfo(name: caseName.value, location: caseName.location),
                          swiftName: Naming.lowerCamelCase(caseName.value),
                          rawValue: Located(try scalar(value).resolved, at: value.location))
        }
        var reserved: [Located<ConstantValue>] = []
        for item in try items(fields["reserved"]) { reserved.append(Located(try scalar(item).resolved, at: item.location)) }
        return EnumDecl(info: DeclarationInfo(name: name.value, location: name.location), rawType: raw,
                        isOpen: try bool(fields["open"]), cases: cases, reserved: reserved)
    }

    private func modelDecl(_ name: Located<String>, _ node: YAMLNode, role: ModelDecl.Role) throws(SchemaLockError) -> ModelDecl {
        let entries = try entries(node, allowed: ["reserved", "fields"])
        var reserved: [Located<String>] = []
        for item in try items(entries["reserved"]) { reserved.append(Located(try string(item), at: item.location)) }
        var fields: [FieldDecl] = []
        for item in try items(entries["fields"]) { fields.append(try fieldDecl(item)) }
        return ModelDecl(info: DeclarationInfo(name: name.value, location: name.location), role: role,
                         fields: fields, reservedKeys: reserved)
    }

    private func fieldDecl(_ node: YAMLNode) throws(SchemaLockError) -> FieldDecl {
        let entries = try entries(node, allowed: ["name", "key", "type", "aliases", "optional", "nullable", "default", "audit", "server_time",
                                                  "min", "max", "min_length", "max_length", "pattern", "min_items", "max_items"])
        let name = try string(try require(entries, "name", node))
        let typeNode = try require(entries, "type", node)
        guard case .success(let type) = TypeExpressionParser.parse(try string(typeNode)) else {
            throw SchemaLockError(location: typeNode.location, message: "not a type expression")
        }
        var aliases: [Located<String>] = []
        for item in try items(entries["aliases"]) { aliases.append(Located(try string(item), at: item.location)) }
        var constraints = Constraints()
        for (key, path) in [("min", \Constraints.min), ("max", \Constraints.max)] {
            guard let value = entries[key] else { continue }
            switch try scalar(value).resolved {
            case .int(let number): constraints[keyPath: path] = Located(.int(number), at: value.location)
            case .double(let number): constraints[keyPath: path] = Located(.double(number), at: value.location)
            default: throw SchemaLockError(location: value.location, message: "'\(key)' is a number")
            }
        }
        for (key, path) in [("min_length", \Constraints.minLength), ("max_length", \Constraints.maxLength),
                            ("min_items", \Constraints.minItems), ("max_items", \Constraints.maxItems)] {
            guard let value = entries[key] else { continue }
            guard case .int(let number) = try scalar(value).resolved, let count = Int(exactly: number) else {
                throw SchemaLockError(location: value.location, message: "'\(key)' is an integer")
            }
            constraints[keyPath: path] = Located(count, at: value.location)
        }
        if let pattern = entries["pattern"] { constraints.pattern = Located(try string(pattern), at: pattern.location) }
        let location = node.location
        var audit: Located<AuditKind>?
        if let value = entries["audit"] {
            guard let kind = AuditKind(rawValue: try string(value)) else { throw SchemaLockError(location: value.location, message: "not an audit kind") }
            audit = Located(kind, at: value.location)
        }
        var field = FieldDecl(
            info: DeclarationInfo(name: name, location: location), swiftName: Naming.lowerCamelCase(name),
            storageKey: Located(try string(try require(entries, "key", node)), at: location), aliases: aliases,
            type: Located(type, at: typeNode.location), isOptional: try bool(entries["optional"]),
            isNullable: try bool(entries["nullable"]),
            defaultValue: entries["default"].map { Located($0.constant, at: $0.location) },
            constraints: constraints, audit: audit)
        if try bool(entries["server_time"]) { field.serverTime = location }
        return field
    }

    private func collectionDecl(_ name: Located<String>, _ node: YAMLNode) throws(SchemaLockError) -> CollectionDecl {
        let entries = try entries(node, allowed: ["model", "path", "id", "queries"])
        let modelNode = try require(entries, "model", node)
        let pathNode = try require(entries, "path", node)
        let segments = try string(pathNode).split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") && part.count > 2
                ? CollectionPath.Segment.placeholder(String(part.dropFirst().dropLast()))
                : .collection(String(part))
        }
        let idNode = try require(entries, "id", node)
        guard let strategy = CollectionDecl.IDStrategy(rawValue: try string(idNode)) else {
            throw SchemaLockError(location: idNode.location, message: "not an ID strategy")
        }
        var queries: [QueryDecl] = []
        for (queryName, parametersNode) in try named(entries["queries"]) {
            var parameters: [QueryDecl.Parameter] = []
            for item in try items(parametersNode) {
                let text = try string(item)
                guard let colon = text.firstIndex(of: ":"),
                      case .success(let type) = TypeExpressionParser.parse(String(text[text.index(after: colon)...]).trimmingSpaces) else {
                    throw SchemaLockError(location: item.location, message: "a parameter is 'name: type'")
                }
                parameters.append(QueryDecl.Parameter(name: Located(String(text[..<colon]), at: item.location),
                                                      type: Located(type, at: item.location)))
            }
            queries.append(QueryDecl(info: DeclarationInfo(name: queryName.value, location: queryName.location),
                                     parameters: parameters, filters: [], order: [], limit: nil, isCollectionGroup: false))
        }
        return CollectionDecl(info: DeclarationInfo(name: name.value, location: name.location),
                              model: Located(try string(modelNode), at: modelNode.location),
                              path: Located(CollectionPath(segments: segments), at: pathNode.location),
                              idStrategy: strategy, cache: nil, queries: queries)
    }

    private func keyspaceDecl(_ name: Located<String>, _ node: YAMLNode) throws(SchemaLockError) -> KeyspaceDecl {
        let entries = try entries(node, allowed: ["model", "key"])
        let modelNode = try require(entries, "model", node)
        let keyNode = try require(entries, "key", node)
        // Written from a valid pattern: literal text and `{field}` placeholders.
        var parts: [KeyspaceDecl.KeyPattern.Part] = []
        var rest = Substring(try string(keyNode))
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if open > rest.startIndex { parts.append(.literal(String(rest[..<open]))) }
            parts.append(.field(Located(String(rest[rest.index(after: open)..<close]), at: keyNode.location)))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        return KeyspaceDecl(info: DeclarationInfo(name: name.value, location: name.location),
                            model: Located(try string(modelNode), at: modelNode.location),
                            key: Located(KeyspaceDecl.KeyPattern(parts: parts), at: keyNode.location), ttl: nil)
    }

    // MARK: - Nodes

    private func entries(_ node: YAMLNode, allowed: Set<String>) throws(SchemaLockError) -> [String: YAMLNode] {
        guard let list = node.mappingEntries else {
            throw SchemaLockError(location: node.location, message: "expected a mapping, found \(node.kindDescription)")
        }
        var entries: [String: YAMLNode] = [:]
        for entry in list {
            guard allowed.contains(entry.key.value) else {
                throw SchemaLockError(location: entry.key.location, message: "unknown key '\(entry.key.value)'")
            }
            entries[entry.key.value] = entry.value
        }
        return entries
    }

    /// The entries of a section mapping names to declarations, in order; none when absent.
    private func named(_ node: YAMLNode?) throws(SchemaLockError) -> [(Located<String>, YAMLNode)] {
        guard let node else { return [] }
        guard let list = node.mappingEntries else {
            throw SchemaLockError(location: node.location, message: "expected a mapping, found \(node.kindDescription)")
        }
        return list.map { ($0.key, $0.value) }
    }

    private func items(_ node: YAMLNode?) throws(SchemaLockError) -> [YAMLNode] {
        guard let node else { return [] }
        guard let items = node.sequenceItems else {
            throw SchemaLockError(location: node.location, message: "expected a list, found \(node.kindDescription)")
        }
        return items
    }

    private func require(_ entries: [String: YAMLNode], _ key: String, _ node: YAMLNode) throws(SchemaLockError) -> YAMLNode {
        guard let value = entries[key] else { throw SchemaLockError(location: node.location, message: "'\(key)' is missing") }
        return value
    }

    private func scalar(_ node: YAMLNode) throws(SchemaLockError) -> YAMLScalar {
        guard let scalar = node.scalar else {
            throw SchemaLockError(location: node.location, message: "expected a scalar, found \(node.kindDescription)")
        }
        return scalar
    }

    private func string(_ node: YAMLNode) throws(SchemaLockError) -> String {
        guard case .string(let text) = try scalar(node).resolved else {
            throw SchemaLockError(location: node.location, message: "expected a string, found \(node.kindDescription)")
        }
        return text
    }

    private func bool(_ node: YAMLNode?) throws(SchemaLockError) -> Bool {
        guard let node else { return false }
        guard case .bool(let flag) = try scalar(node).resolved else {
            throw SchemaLockError(location: node.location, message: "expected true or false, found \(node.kindDescription)")
        }
        return flag
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
