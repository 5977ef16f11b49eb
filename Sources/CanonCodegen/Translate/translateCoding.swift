import CanonSchema

extension Translator {
    /// `CodingKeys` with the storage keys, `AliasCodingKeys` for keys read but no longer
    /// written, and explicit `init(from:)` and `encode(to:)` that apply defaults and keep
    /// absent and null apart.
    ///
    /// The keys are static properties of the runtime's one `FieldKey` type rather than a
    /// `String`-backed `CodingKey` enum per model, whose synthesized members cost more to compile
    /// than the rest of the coding together.
    func codingDeclarations(_ decl: ModelDecl) -> [Declaration] {
        var declarations: [Declaration] = []
        let keys = decl.fields.map { field in keyDeclaration(access: config.access, name: field.swiftName, storedAs: field.storageKey.value) }
        declarations.append(.documented(Documentation(["The keys the fields are stored under."]),
                                        .enumeration(EnumDeclaration(access: config.access, name: "CodingKeys", members: keys))))
        let aliases = decl.fields.flatMap { field in
            field.aliases.enumerated().map { index, alias in keyDeclaration(access: nil, name: aliasCaseName(field, index), storedAs: alias.value) }
        }
        if !aliases.isEmpty {
            declarations.append(.documented(Documentation(["Older keys, read when the current key is absent and never written."]),
                                            .enumeration(EnumDeclaration(access: .private, name: "AliasCodingKeys", members: aliases))))
        }
        declarations.append(decoder(decl))
        declarations.append(encoder(decl))
        return declarations
    }

    /// `static var name: CanonRuntime.FieldKey { CanonRuntime.FieldKey("key") }`
    private func keyDeclaration(access: AccessLevel?, name: String, storedAs key: String) -> Declaration {
        .variable(VariableDeclaration(access: access, isStatic: true, kind: .var, name: name, type: Self.keyType,
                                      getter: [.expression(Expression.identifier(Self.keyType.description).call([(nil, .literal(.string(key)))]))]))
    }

    private static let keyType = TypeName.named("CanonRuntime.FieldKey")

    private func aliasCaseName(_ field: FieldDecl, _ index: Int) -> String { "\(field.swiftName)\(index)" }

    private func decoder(_ decl: ModelDecl) -> Declaration {
        var body: [CodeBlock] = [
            .binding(kind: .let, name: "container", type: nil,
                     value: .tryExpression(Expression.identifier("decoder").dot("container").call([("keyedBy", .metatype(Self.keyType))]), optional: false)),
        ]
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
        func call(_ keys: String, _ method: String, _ key: String, default value: Expression? = nil) -> Expression {
            var arguments: [(String?, Expression)] = [(nil, .metatype(type)), ("forKey", Expression.identifier(keys).dot(key))]
            if let value { arguments.append(("default", value)) }
            return Expression.identifier("container").dot(method).call(arguments)
        }
        let defaultValue = field.defaultValue.map { defaults.defaultExpression($0.value, for: field) }
        let (method, presentMethod): (String, String) = switch field.presence {
        case .required: ("decodeField", "decodeFieldIfPresent")
        case .optional, .runtimeFilled: ("decodeFieldIfPresent", "decodeFieldIfPresent")
        case .nullable: ("decodeNullable", "decodeNullableIfPresent")
        case .optionalNullable: ("decodeOptionalNullable", "decodeOptionalNullable")
        }
        guard !field.aliases.isEmpty else {
            return .tryExpression(call("CodingKeys", method, field.swiftName, default: defaultValue), optional: false)
        }
        // Aliased: the current key, then each older key, then the default (or the error the
        // current key gives when it is required).
        var expression = call("CodingKeys", presentMethod, field.swiftName)
        for index in field.aliases.indices {
            expression = .binary(expression, "??", call("AliasCodingKeys", presentMethod, aliasCaseName(field, index)))
        }
        switch field.presence {
        case .required, .nullable:
            expression = .binary(expression, "??", defaultValue
                ?? .tryExpression(call("CodingKeys", method, field.swiftName), optional: false))
        case .optional, .runtimeFilled, .optionalNullable:
            if let defaultValue { expression = .binary(expression, "??", defaultValue) }
        }
        return .tryExpression(expression, optional: false)
    }

    private func encoder(_ decl: ModelDecl) -> Declaration {
        var body: [CodeBlock] = [
            .binding(kind: .var, name: "container", type: nil,
                     value: Expression.identifier("encoder").dot("container").call([("keyedBy", .metatype(Self.keyType))])),
        ]
        for field in decl.fields {
            let method: String = switch field.presence {
            case .required: "encodeField"
            case .optional, .optionalNullable, .runtimeFilled: "encodeFieldIfPresent"
            case .nullable: "encodeNullable"
            }
            body.append(.expression(.tryExpression(Expression.identifier("container").dot(method).call([
                (nil, Expression.identifier("self").dot(field.storageName)), ("forKey", Expression.identifier("CodingKeys").dot(field.swiftName)),
            ]), optional: false)))
        }
        return .documented(Documentation(["Encodes the fields under their storage keys: absent optional fields write no key, nil nullable fields write null."]),
                           .function(FunctionDeclaration(access: config.access, name: "encode",
                                                         parameters: [Parameter(label: "to", name: "encoder", type: .existential("Swift.Encoder"))],
                                                         throwsType: .untyped, body: body)))
    }
}
