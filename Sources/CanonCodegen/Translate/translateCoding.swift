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

    /// One field's decoding, through the runtime's non-overloaded entry points (see
    /// `CanonRuntime/Coding/FieldCoding.swift`): quick to type-check even for thousands of fields.
    private func decodeExpression(_ field: FieldDecl) -> Expression {
        let type = types.type(of: field.type.value)
        func call(_ container: String, _ method: String, _ key: String, default value: Expression? = nil) -> Expression {
            var arguments: [(String?, Expression)] = [(nil, .metatype(type)), ("forKey", .member(nil, key))]
            if let value { arguments.append(("default", value)) }
            return Expression.identifier(container).dot(method).call(arguments)
        }
        let defaultValue = field.defaultValue.map { defaults.defaultExpression($0.value, for: field) }
        let (method, presentMethod): (String, String) = switch field.presence {
        case .required: ("decodeField", "decodeFieldIfPresent")
        case .optional, .runtimeFilled: ("decodeFieldIfPresent", "decodeFieldIfPresent")
        case .nullable: ("decodeNullable", "decodeNullableIfPresent")
        case .optionalNullable: ("decodeOptionalNullable", "decodeOptionalNullable")
        }
        guard !field.aliases.isEmpty else {
            return .tryExpression(call("container", method, field.swiftName, default: defaultValue), optional: false)
        }
        // Aliased: the current key, then each older key, then the default (or the error the
        // current key gives when it is required).
        var expression = call("container", presentMethod, field.swiftName)
        for index in field.aliases.indices {
            expression = .binary(expression, "??", call("aliases", presentMethod, aliasCaseName(field, index)))
        }
        switch field.presence {
        case .required, .nullable:
            expression = .binary(expression, "??", defaultValue
                ?? .tryExpression(call("container", method, field.swiftName), optional: false))
        case .optional, .runtimeFilled, .optionalNullable:
            if let defaultValue { expression = .binary(expression, "??", defaultValue) }
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
            case .required: "encodeField"
            case .optional, .optionalNullable, .runtimeFilled: "encodeFieldIfPresent"
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
