extension SchemaFileDecoder {
    static let enumKeys: Set<String> = ["doc", "deprecated", "raw", "open", "values", "reserved"]
    static let enumValueKeys: Set<String> = ["raw", "doc", "deprecated"]

    /// `values:` is a list of names (string enums) or a mapping from names to raw values or to
    /// `{raw, doc, deprecated}`.
    mutating func decodeEnum(name: Located<String>, _ node: YAMLNode) -> EnumDecl? {
        guard let entries = reader.mapping(node, "enum '\(name.value)'", allowed: Self.enumKeys, required: ["values"])
        else { return nil }
        var decl = EnumDecl(info: reader.info(name: name, from: entries), rawType: .string, isOpen: false,
                            cases: [], reserved: [])
        if let raw = entries["raw"], let text = reader.string(raw.value, "'raw'") {
            if let rawType = EnumDecl.RawType(rawValue: text.value) {
                decl.rawType = rawType
            } else {
                reader.diagnostics.error(.wrongValueKind, "'raw' must be 'string' or 'int', not '\(text.value)'",
                                         at: text.location, suggestion: Suggestion.didYouMean(text.value, in: ["string", "int"]))
            }
        }
        if let open = entries["open"], let value = reader.bool(open.value, "'open'") { decl.isOpen = value }
        if let values = entries["values"]?.value {
            if let items = values.sequenceItems {
                for item in items {
                    guard let caseName = reader.string(item, "an enum value name") else { continue }
                    decl.cases.append(enumCase(caseName, raw: decl.rawType == .string
                        ? Located(.string(caseName.value), at: caseName.location) : nil,
                                               info: DeclarationInfo(name: caseName.value, location: caseName.location),
                                               in: decl))
                }
            } else {
                decl.droppedValues = values.droppedEntries
                for item in reader.namedEntries(values, "'values' of enum '\(name.value)'") {
                    decl.cases.append(decodeEnumCase(name: item.key, item.value, in: decl))
                }
            }
        }
        if let reserved = entries["reserved"] {
            if let items = reserved.value.sequenceItems {
                decl.reserved = items.map { Located($0.constant, at: $0.location) }
            } else {
                reader.diagnostics.error(.wrongValueKind, "'reserved' must be a list of raw values",
                                         at: reserved.value.location)
            }
        }
        return decl
    }

    private mutating func decodeEnumCase(name: Located<String>, _ node: YAMLNode, in decl: EnumDecl) -> EnumDecl.Case {
        let defaultRaw: Located<ConstantValue>? = decl.rawType == .string ? Located(.string(name.value), at: name.location) : nil
        var info = DeclarationInfo(name: name.value, location: name.location)
        var raw = defaultRaw
        switch node.content {
        case .mapping:
            if let entries = reader.mapping(node, "enum value '\(name.value)'", allowed: Self.enumValueKeys) {
                info = reader.info(name: name, from: entries)
                if let rawNode = entries["raw"]?.value { raw = Located(rawNode.constant, at: rawNode.location) }
            }
        case .scalar where node.constant == .null:
            break
        case .scalar:
            raw = Located(node.constant, at: node.location)
        case .sequence:
            reader.diagnostics.error(.wrongValueKind, "enum value '\(name.value)' must be a raw value or a mapping, not a list",
                                     at: node.location)
        }
        return enumCase(name, raw: raw, info: info, in: decl)
    }

    private mutating func enumCase(_ name: Located<String>, raw: Located<ConstantValue>?, info: DeclarationInfo,
                                   in decl: EnumDecl) -> EnumDecl.Case {
        if raw == nil {
            reader.diagnostics.error(.missingKey, "value '\(name.value)' of int enum '\(decl.info.name)' has no raw value",
                                     at: name.location, suggestion: "write '\(name.value): <integer>'")
        }
        return EnumDecl.Case(info: info, swiftName: Naming.lowerCamelCase(name.value),
                             rawValue: raw ?? Located(.null, at: name.location))
    }
}
