extension SchemaFileDecoder {
    static let queryKeys: Set<String> = ["doc", "deprecated", "params", "where", "order", "limit", "group"]
    static let operatorSymbols: [String: String] = [
        "==": "eq", "=": "eq", "!=": "ne", "<": "lt", "<=": "lte", ">": "gt", ">=": "gte",
        "not-in": "not_in", "array_contains": "contains", "array-contains": "contains",
        "array_contains_any": "contains_any", "array-contains-any": "contains_any",
    ]

    mutating func decodeQuery(name: Located<String>, _ node: YAMLNode) -> QueryDecl? {
        guard let entries = reader.mapping(node, "query '\(name.value)'", allowed: Self.queryKeys) else { return nil }
        var query = QueryDecl(info: reader.info(name: name, from: entries), parameters: [], filters: [], order: [],
                              limit: nil, isCollectionGroup: false)
        if let params = entries["params"] {
            for item in reader.namedEntries(params.value, "'params'") {
                if let type = typeExpression(item.value, "the type of parameter '\(item.key.value)'") {
                    query.parameters.append(QueryDecl.Parameter(name: item.key, type: type))
                }
            }
        }
        if let whereEntry = entries["where"] {
            for item in reader.namedEntries(whereEntry.value, "'where'") {
                query.filters += decodeFilters(field: item.key, item.value)
            }
        }
        if let order = entries["order"] {
            for key in reader.stringList(order.value, "'order'") {
                let descending = key.value.hasPrefix("-")
                let field = descending ? Located(String(key.value.dropFirst()), at: key.location.advanced(by: 1)) : key
                query.order.append(QueryDecl.Order(field: field, isDescending: descending))
            }
        }
        if let limit = entries["limit"]?.value {
            if case .string(let text) = limit.constant, text.hasPrefix("$") {
                query.limit = .parameter(Located(String(text.dropFirst()), at: limit.location))
            } else if case .int(let value) = limit.constant, value > 0, let int = Int(exactly: value) {
                query.limit = .fixed(Located(int, at: limit.location))
            } else {
                reader.diagnostics.error(.wrongValueKind,
                                         "'limit' must be a positive integer or a '$parameter', not \(limit.kindDescription)\(limit.constant.shownForMessage)",
                                         at: limit.location)
            }
        }
        if let group = entries["group"] { query.isCollectionGroup = reader.bool(group.value, "'group'") ?? false }
        return query
    }

    /// `field: value` is an equality; `field: {gte: $since, lt: $until}` lists operators.
    private mutating func decodeFilters(field: Located<String>, _ node: YAMLNode) -> [QueryDecl.Filter] {
        guard let entries = node.mappingEntries else {
            return [QueryDecl.Filter(field: field, op: .eq, operand: operand(node))]
        }
        var filters: [QueryDecl.Filter] = []
        let names = QueryDecl.Operator.allCases.map(\.rawValue)
        if entries.isEmpty {
            reader.diagnostics.error(.missingKey, "the filter on '\(field.value)' names no operator", at: node.location,
                                     suggestion: "write 'field: value' for equality, or an operator such as '{eq: value}'")
        }
        for entry in entries {
            guard let op = QueryDecl.Operator(rawValue: entry.key.value) else {
                let suggestion = Self.operatorSymbols[entry.key.value].map { "did you mean '\($0)'?" }
                    ?? Suggestion.didYouMean(entry.key.value, in: names)
                    ?? "use one of \(names.joined(separator: ", "))"
                reader.diagnostics.error(.unknownKey, "unknown filter operator '\(entry.key.value)'",
                                         at: entry.key.location, suggestion: suggestion)
                continue
            }
            filters.append(QueryDecl.Filter(field: field, op: op, operand: operand(entry.value)))
        }
        return filters
    }

    /// `$name` is a parameter; `$$text` is the literal string `$text`.
    private func operand(_ node: YAMLNode) -> QueryDecl.Operand {
        if case .string(let text) = node.constant, text.hasPrefix("$") {
            if text.hasPrefix("$$") { return .value(Located(.string(String(text.dropFirst())), at: node.location)) }
            return .parameter(Located(String(text.dropFirst()), at: node.location))
        }
        return .value(Located(node.constant, at: node.location))
    }
}
