import CanonSchema

extension Translator {
    /// `CodingKeys` with the storage keys, `AliasCodingKeys` for keys read but no longer
    /// written, and explicit `init(from:)` and `encode(to:)` that apply defaults and keep
    /// absent and null apart.
    func codingDeclarations(_ decl: ModelDecl) -> [Declaration] {
        var declarations: [Declaration] = []
        let keys = decl.fields.map { field -> Declaration in
            let raw: Literal? = field.storageKey.value == field.swiftName ? nil : .string(field.storageKey.value)
            return .enumCase(EnumCaseDeclaration(name: field.swiftName, rawValue: raw))
        }
        declarations.append(.documented(Documentation(["The keys the fields are stored under."]),
                                        .enumeration(EnumDeclaration(access: config.access, name: "CodingKeys",
                                                                     conformances: ["Swift.String", "Swift.CodingKey"], members: keys))))
        let aliases = decl.fields.flatMap { field in
            field.aliases.enumerated().map { index, alias in
                Declaration.enumCase(EnumCaseDeclaration(name: aliasCaseName(field, index), rawValue: .string(alias.value)))
            }
        }
        if !aliases.isEmpty {
            declarations.append(.documented(Documentation(["Older keys, read when the current key is absent and never written."]),
                                            .enumeration(EnumDeclaration(access: .private, name: "AliasCodingKeys",
                                                                         conformances: ["Swift.String", "Swift.CodingKey"], members: aliases))))
        }
        declarations.append(decoder(decl, hasAliases: !aliases.isEmpty))
        declarations.append(encoder(decl))
        return declarations
    }

    private func aliasCaseName(_ field: FieldDecl, _ index: Int) -> String { "\(field.swiftName)\(index)" }

    private func decoder(_ decl: ModelDecl, hasAliases: Bool) -> Declaration {
        var body: [CodeBlock] = [
            .binding(kind: .let, name: "container", type: nil,
                     value: .tryExpression(Expression.identifier("decoder").dot("container").call([("keyedBy", .metatype(.named("CodingKeys")))]), optional: false)),
        ]
        if hasAliases {
            body.append(.binding(kind: .let, name: "aliases", type: nil,
                                 value: .tryExpression(Expression.identifier("decoder").dot("container").call([("keyedBy", .metatype(.named("AliasCodingKeys")))]), optional: false)))
        }
        for field in decl.fields {
            body.append(.assignment(Expression.identifier("self").dot(field.storageName), decodeExpression(field)))
        }
        return .documented(Documentation(["Decodes a stored document, applying defaults to absent keys and reading older keys."]),
                           .function(FunctionDeclaration(access: config.access, name: nil,
                                                         parameters: [Parameter(label: "from", name: "decoder", type: .existential("Swift.Decoder"))],
                                                         throwsType: .untyped, body: body)))
    }

    private func decodeExpression(_ field: FieldDecl) -> Expression {
        let type = types.type(of: field.type.value)
        let key = Expression.member(nil, field.swiftName)
        func call(_ container: String, _ method: String, _ type: TypeName, _ key: Expression) -> Expression {
            Expression.identifier(container).dot(method).call([(nil, .metatype(type)), ("forKey", key)])
        }
        let method: String
        let decodedType: TypeName
        switch field.presence {
        case .required where field.defaultValue == nil && field.aliases.isEmpty:
            return .tryExpression(call("container", "decode", type, key), optional: false)
        case .required, .optional, .runtimeFilled:
            method = "decodeIfPresent"
            decodedType = type
        case .nullable:
            method = field.defaultValue == nil && field.aliases.isEmpty ? "decodeNullable" : "decodeNullableIfPresent"
            decodedType = type
        case .optionalNullable:
            method = "decodeOptionalNullable"
            decodedType = type
        }
        var expression = call("container", method, decodedType, key)
        for index in field.aliases.indices {
            expression = .binary(expression, "??", call("aliases", method, decodedType, .member(nil, aliasCaseName(field, index))))
        }
        if let value = field.defaultValue {
            expression = .binary(expression, "??", defaults.defaultExpression(value.value, for: field))
        } else if field.presence == .required {
            // An aliased required field: absent under every key is the same error as `decode` throws.
            expression = .binary(expression, "??", .tryExpression(call("container", "decode", type, key), optional: false))
        }
        if field.presence == .nullable && field.defaultValue == nil && !field.aliases.isEmpty {
            expression = .binary(expression, "??", .tryExpression(call("container", "decodeNullable", type, key), optional: false))
        }
        return .tryExpression(expression, optional: false)
    }

    private func encoder(_ decl: ModelDecl) -> Declaration {
        var body: [CodeBlock] = [
            .binding(kind: .var, name: "container", type: nil,
                     value: Expression.identifier("encoder").dot("container").call([("keyedBy", .metatype(.named("CodingKeys")))])),
        ]
        for field in decl.fields {
            let method: String = switch field.presence {
            case .required: "encode"
            case .optional, .optionalNullable, .runtimeFilled: "encodeIfPresent"
            case .nullable: "encodeNullable"
            }
            body.append(.expression(.tryExpression(Expression.identifier("container").dot(method).call([
                (nil, Expression.identifier("self").dot(field.storageName)), ("forKey", .member(nil, field.swiftName)),
            ]), optional: false)))
        }
        return .documented(Documentation(["Encodes the fields under their storage keys: absent optional fields write no key, nil nullable fields write null."]),
                           .function(FunctionDeclaration(access: config.access, name: "encode",
                                                         parameters: [Parameter(label: "to", name: "encoder", type: .existential("Swift.Encoder"))],
                                                         throwsType: .untyped, body: body)))
    }
}
