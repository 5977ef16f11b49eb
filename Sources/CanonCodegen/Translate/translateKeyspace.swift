import CanonSchema

extension Translator {
    /// `extension Model: CanonRuntime.RedisStorable {}` for a model some keyspace stores.
    func translateRedisStorable(_ model: ModelDecl) -> Declaration {
        .documented(Documentation(["`\(model.info.name)` is stored in Redis by a generated keyspace repository."]),
                    .extensionDecl(ExtensionDeclaration(extendedType: model.info.name, conformances: [RuntimeNames.redisStorable], members: [])))
    }

    /// A keyspace's repository: its `Key` (one property per placeholder, and the pattern's parts)
    /// and its time to live. Everything else comes from `CanonRuntime.RedisKeyspaceRepository`.
    func translateKeyspace(_ keyspace: KeyspaceDecl) -> Declaration? {
        guard let pattern = keyspace.key?.value, let ttl = keyspace.ttl?.value,
              case .model(let model, _)? = schema.lookup(keyspace.model.value) else { return nil }
        let modelType = TypeName.named(model.info.name)
        let baseType = TypeName.generic(RuntimeNames.redisKeyspace, [modelType])
        // Each placeholder once, in pattern order.
        var seen: Set<String> = []
        let fields = pattern.parts.compactMap { part -> FieldDecl? in
            guard case .field(let name) = part, seen.insert(name.value).inserted else { return nil }
            return model.field(named: name.value)
        }
        let keyMembers = keyProperties(fields, of: model) + [
            .documented(Documentation(["A key from its placeholders' values."]),
                        .function(FunctionDeclaration(access: config.access, name: nil,
                                                      parameters: fields.map { Parameter(name: $0.swiftName, type: keyType($0, of: model)) },
                                                      body: fields.map { .assignment(Expression.identifier("self").dot($0.swiftName), .identifier($0.swiftName)) }))),
            .documented(Documentation(["The key of `model`."]),
                        .function(FunctionDeclaration(access: config.access, name: nil,
                                                      parameters: [Parameter(label: "_", name: "model", type: modelType)],
                                                      body: fields.map { .assignment(Expression.identifier("self").dot($0.swiftName), Expression.identifier("model").dot($0.swiftName)) }))),
            .documented(Documentation(["The pattern's parts with this key's values."]),
                        .variable(VariableDeclaration(access: config.access, kind: .var, name: "parts", type: .array(.named(RuntimeNames.redisKeyPart)),
                                                      getter: [.expression(.literal(.array(keyParts(pattern, model))))]))),
        ]
        let members: [Declaration] = [
            .documented(Documentation(["The key of one value: the placeholders of `\(pattern)`."]),
                        .structure(StructDeclaration(access: config.access, name: "Key", conformances: [RuntimeNames.redisKey], members: keyMembers))),
            .documented(Documentation(["The runtime keyspace underneath."]),
                        .variable(VariableDeclaration(access: config.access, kind: .let, name: "base", type: baseType))),
            .documented(Documentation(["The keyspace in the Redis `client` reaches; values live for \(ttl)."]),
                        .function(FunctionDeclaration(
                            access: config.access, parameters: [Parameter(name: "client", type: .named(RuntimeNames.redisClient))],
                            body: [.assignment(Expression.identifier("self").dot("base"), Expression.identifier(baseType.description).call([
                                ("client", .identifier("client")), ("name", .literal(.string(keyspace.info.name))),
                                ("ttl", Expression.member(nil, "seconds").call([(nil, .literal(.int(ttl.seconds)))])),
                            ]))]))),
        ]
        let structure = StructDeclaration(attributes: DocComments.deprecationAttributes(keyspace.info), access: config.access,
                                          name: Naming.repositoryTypeName(keyspace.info.name), conformances: [RuntimeNames.redisKeyspaceRepository],
                                          members: members)
        return docs.documented(.structure(structure), keyspace.info,
                               extra: ["Stores `\(model.info.name)` values in Redis at `\(pattern)`, each for \(ttl)."])
    }

    private func keyProperties(_ fields: [FieldDecl], of model: ModelDecl) -> [Declaration] {
        fields.map { field in
            .documented(Documentation(["`{\(field.info.name)}`."]),
                        .variable(VariableDeclaration(access: config.access, kind: .var, name: field.swiftName, type: keyType(field, of: model))))
        }
    }

    /// A placeholder field's type as the model declares it (an `id` field's is the model's `ID`).
    private func keyType(_ field: FieldDecl, of model: ModelDecl) -> TypeName {
        if case .builtin(.id) = field.type.value { return .named("\(model.info.name).ID") }
        return types.type(of: field.type.value)
    }

    /// `[.literal("canon:rl:"), .value(field: "subject", text: subject), …]`.
    private func keyParts(_ pattern: KeyspaceDecl.KeyPattern, _ model: ModelDecl) -> [Expression] {
        pattern.parts.compactMap { part in
            switch part {
            case .literal(let text):
                return Expression.member(nil, "literal").call([(nil, .literal(.string(text)))])
            case .field(let name):
                guard let field = model.field(named: name.value) else { return nil }
                return Expression.member(nil, "value").call([("field", .literal(.string(field.info.name))), ("text", keyText(field))])
            }
        }
    }

    /// A placeholder's value as text: strings as they are, numbers in decimal, UUIDs as
    /// `uuidString`, IDs and enums by raw value.
    private func keyText(_ field: FieldDecl) -> Expression {
        let value = Expression.identifier(field.swiftName)
        switch field.type.value {
        case .builtin(.string): return value
        case .builtin(.uuid): return value.dot("uuidString")
        case .builtin(.id): return value.dot("rawValue")
        default:
            let raw: Expression = if case .named = field.type.value { value.dot("rawValue") } else { value }
            return Expression.identifier("Swift.String").call([("describing", raw)])
        }
    }
}
