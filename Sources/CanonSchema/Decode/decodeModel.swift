extension SchemaFileDecoder {
    static let modelKeys: Set<String> = ["doc", "deprecated", "fields", "reserved"]
    static let fieldKeys: Set<String> = [
        "type", "doc", "deprecated", "optional", "nullable", "default", "key", "aliases", "audit", "server_time",
        "min", "max", "min_length", "max_length", "pattern", "min_items", "max_items",
    ]

    mutating func decodeModel(name: Located<String>, _ node: YAMLNode, role: ModelDecl.Role) -> ModelDecl? {
        let what = role == .model ? "model '\(name.value)'" : "type '\(name.value)'"
        guard let entries = reader.mapping(node, what, allowed: Self.modelKeys, required: ["fields"]) else { return nil }
        var decl = ModelDecl(info: reader.info(name: name, from: entries), role: role, fields: [], reservedKeys: [])
        if let fields = entries["fields"] {
            for item in reader.namedEntries(fields.value, "'fields' of \(what)") {
                if let field = decodeField(name: item.key, item.value) {
                    decl.fields.append(field)
                } else {
                    decl.rejectedFieldNames.insert(item.key.value)
                }
            }
        }
        if let reserved = entries["reserved"] {
            decl.reservedKeys = reader.stringList(reserved.value, "'reserved'")
        }
        return decl
    }

    /// A field is a type expression (`title: string`) or a mapping with `type:` and options.
    mutating func decodeField(name: Located<String>, _ node: YAMLNode) -> FieldDecl? {
        let info: DeclarationInfo
        let typeNode: YAMLNode
        var entries = CheckedMapping(entries: [])
        if node.scalar != nil {
            info = DeclarationInfo(name: name.value, location: name.location)
            typeNode = node
        } else {
            guard let mapping = reader.mapping(node, "field '\(name.value)'", allowed: Self.fieldKeys, required: ["type"]),
                  let type = mapping["type"]
            else { return nil }
            entries = mapping
            info = reader.info(name: name, from: mapping)
            typeNode = type.value
        }
        guard let type = typeExpression(typeNode, "the type of field '\(name.value)'") else { return nil }
        var field = FieldDecl(
            info: info, swiftName: Naming.lowerCamelCase(name.value),
            storageKey: Located(Naming.snakeCase(name.value), at: name.location), aliases: [], type: type,
            isOptional: false, isNullable: false, defaultValue: nil, constraints: Constraints(), audit: nil)
        if let key = entries["key"], let text = reader.string(key.value, "'key'") { field.storageKey = text }
        if let aliases = entries["aliases"] { field.aliases = reader.stringList(aliases.value, "'aliases'") }
        if let optional = entries["optional"] { field.isOptional = reader.bool(optional.value, "'optional'") ?? false }
        if let nullable = entries["nullable"] { field.isNullable = reader.bool(nullable.value, "'nullable'") ?? false }
        if let value = entries["default"]?.value { field.defaultValue = Located(value.constant, at: value.location) }
        if let audit = entries["audit"], let text = reader.string(audit.value, "'audit'") {
            if let kind = AuditKind(rawValue: text.value) {
                field.audit = Located(kind, at: text.location)
            } else {
                reader.diagnostics.error(.wrongValueKind, "unknown audit kind '\(text.value)'", at: text.location,
                                         suggestion: Suggestion.didYouMean(text.value, in: AuditKind.allCases.map(\.rawValue))
                                             ?? "use one of \(AuditKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let serverTime = entries["server_time"], reader.bool(serverTime.value, "'server_time'") == true {
            field.serverTime = serverTime.value.location
        }
        decodeConstraints(entries, into: &field.constraints)
        return field
    }

    private mutating func decodeConstraints(_ entries: CheckedMapping, into constraints: inout Constraints) {
        if let node = entries["min"]?.value { constraints.min = reader.bound(node, "'min'") }
        if let node = entries["max"]?.value { constraints.max = reader.bound(node, "'max'") }
        if let node = entries["min_length"]?.value { constraints.minLength = reader.int(node, "'min_length'") }
        if let node = entries["max_length"]?.value { constraints.maxLength = reader.int(node, "'max_length'") }
        if let node = entries["min_items"]?.value { constraints.minItems = reader.int(node, "'min_items'") }
        if let node = entries["max_items"]?.value { constraints.maxItems = reader.int(node, "'max_items'") }
        if let node = entries["pattern"]?.value { constraints.pattern = reader.string(node, "'pattern'") }
    }
}
