/// The lock file: what data stored under a schema set relies on, written by
/// `canon generate --lock` and committed, so that `canon breaking` can tell whether later
/// schemas still read that data (``BreakingChanges``).
///
/// It is YAML, read back with the schema loader's own YAML reader, so every entry has a line
/// and column for the changes that remove it. It holds, for the run's own collections and
/// keyspaces and every type of the set: field names, storage keys, aliases, types, presence
/// (optional, nullable, audit, server time), defaults and constraints; enum values and reserved values; collection paths, models, ID
/// strategies and named queries' parameters; key patterns. Nothing else (docs, caching, TTLs)
/// changes what stored data means, so changing it leaves the lock alone. One entry per line keeps
/// a lock's diff as small as the change.
public enum SchemaLock {
    /// The format's version, the lock's `canon_lock:` key.
    public static let version = 1

    /// The lock of `schema`.
    public static func render(_ schema: SchemaSet) -> String {
        var out = """
            # Written by `canon generate --lock`: what data stored under these schemas relies on.
            # `canon breaking` compares the schemas with it (docs/SchemaEvolution.md). Do not edit by hand.
            canon_lock: \(version)

            """
        let enums = schema.enums.sorted { $0.info.name < $1.info.name }
        if !enums.isEmpty {
            out += "enums:\n"
            for decl in enums {
                let values = decl.cases.map { "\(quoted($0.info.name)): \(scalar($0.rawValue.value))" }
                var line = "  \(quoted(decl.info.name)): {raw: \(decl.rawType.rawValue), open: \(decl.isOpen), values: {\(values.joined(separator: ", "))}"
                if !decl.reserved.isEmpty { line += ", reserved: [\(decl.reserved.map { scalar($0.value) }.joined(separator: ", "))]" }
                out += line + "}\n"
            }
        }
        for (section, decls) in [("types", schema.embeddedTypes), ("models", schema.models)] where !decls.isEmpty {
            out += "\(section):\n"
            for decl in decls.sorted(by: { $0.info.name < $1.info.name }) {
                out += "  \(quoted(decl.info.name)):\n"
                if !decl.reservedKeys.isEmpty {
                    out += "    reserved: [\(decl.reservedKeys.map { quoted($0.value) }.joined(separator: ", "))]\n"
                }
                // An empty block list would read back as null (found by FuzzSchema).
                out += decl.fields.isEmpty ? "    fields: []\n" : "    fields:\n"
                for field in decl.fields { out += "      - \(render(field))\n" }
            }
        }
        // A library's collections and keyspaces are its own lock's business.
        let own = schema.files.filter { $0.module == nil }
        let collections = own.flatMap(\.collections).sorted { $0.info.name < $1.info.name }
        if !collections.isEmpty {
            out += "collections:\n"
            for decl in collections {
                var line = "  \(quoted(decl.info.name)): {model: \(quoted(decl.model.value)), path: \(quoted(decl.path?.value.description ?? "")), id: \(decl.idStrategy.rawValue)"
                if !decl.queries.isEmpty {
                    let queries = decl.queries.map { query in
                        "\(quoted(query.info.name)): [\(query.parameters.map { quoted("\($0.name.value): \($0.type.value)") }.joined(separator: ", "))]"
                    }
                    line += ", queries: {\(queries.joined(separator: ", "))}"
                }
                out += line + "}\n"
            }
        }
        let keyspaces = own.flatMap(\.keyspaces).sorted { $0.info.name < $1.info.name }
        if !keyspaces.isEmpty {
            out += "keyspaces:\n"
            for decl in keyspaces {
                out += "  \(quoted(decl.info.name)): {model: \(quoted(decl.model.value)), key: \(quoted(decl.key?.value.description ?? ""))}\n"
            }
        }
        return out
    }

    private static func render(_ field: FieldDecl) -> String {
        var parts = ["name: \(quoted(field.info.name))", "key: \(quoted(field.storageKey.value))", "type: \(quoted(field.type.value.description))"]
        if !field.aliases.isEmpty { parts.append("aliases: [\(field.aliases.map { quoted($0.value) }.joined(separator: ", "))]") }
        if field.isOptional { parts.append("optional: true") }
        if field.isNullable { parts.append("nullable: true") }
        if let value = field.defaultValue { parts.append("default: \(scalar(value.value))") }
        if let audit = field.audit { parts.append("audit: \(audit.value.rawValue)") }
        if field.serverTime != nil { parts.append("server_time: true") }
        let constraints = field.constraints
        if let bound = constraints.min { parts.append("min: \(numberText(bound.value))") }
        if let bound = constraints.max { parts.append("max: \(numberText(bound.value))") }
        if let length = constraints.minLength { parts.append("min_length: \(length.value)") }
        if let length = constraints.maxLength { parts.append("max_length: \(length.value)") }
        if let pattern = constraints.pattern { parts.append("pattern: \(quoted(pattern.value))") }
        if let count = constraints.minItems { parts.append("min_items: \(count.value)") }
        if let count = constraints.maxItems { parts.append("max_items: \(count.value)") }
        return "{\(parts.joined(separator: ", "))}"
    }

    /// A number as YAML reads it back to the same ``NumericBound``.
    private static func numberText(_ bound: NumericBound) -> String {
        switch bound {
        case .int(let value): String(value)
        case .double(let value):
            value.isNaN ? ".nan" : value == .infinity ? ".inf" : value == -.infinity ? "-.inf" : "\(value)"
        }
    }

    /// A constant in flow style: strings quoted, so that `"1"` stays a string.
    static func scalar(_ value: ConstantValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): String(flag)
        case .int(let number): String(number)
        case .double(let number): numberText(.double(number))
        case .string(let text): quoted(text)
        case .array(let items): "[\(items.map { scalar($0.value) }.joined(separator: ", "))]"
        case .map(let entries): "{\(entries.map { "\(quoted($0.key.value)): \(scalar($0.value.value))" }.joined(separator: ", "))}"
        }
    }

    /// A double-quoted YAML scalar; escapes make any text one line.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                // What YAML will not take raw (C0, DEL, C1, the BOM, non-characters) or would fold.
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                    || scalar.value == 0xFEFF || scalar.value == 0x2028 || scalar.value == 0x2029
                    || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
