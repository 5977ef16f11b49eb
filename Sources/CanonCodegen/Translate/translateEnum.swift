import CanonSchema

extension Translator {
    /// A closed enum uses Swift's synthesised raw values and rejects unknown ones with
    /// `UnknownEnumValueError`; an open enum adds `unknown(raw)` so unknown values round-trip.
    func translateEnum(_ decl: EnumDecl) -> Declaration {
        let rawType: TypeName = decl.rawType == .string ? .string : .int
        var members: [Declaration] = decl.cases.map { item in
            let raw = rawLiteral(item.rawValue.value)
            let explicit = decl.isOpen || raw != .string(item.swiftName) ? raw : nil
            return docs.documented(.enumCase(EnumCaseDeclaration(name: item.swiftName, rawValue: decl.isOpen ? nil : explicit)), item.info)
        }
        var conformances = ["Swift.Sendable", "Swift.Hashable", "Swift.Codable"]
        if decl.isOpen {
            members.append(.documented(Documentation(["A value this version of the schema does not know, kept as stored so that it round-trips."]),
                                       .enumCase(EnumCaseDeclaration(name: "unknown", associatedTypes: [rawType]))))
            members += openEnumMembers(decl, rawType: rawType)
            conformances.append("Swift.RawRepresentable")
        } else {
            conformances.insert(rawType.description, at: 0)
            conformances.append("Swift.CaseIterable")
        }
        members.append(decodingInitializer(decl, rawType: rawType))
        if decl.isOpen { members.append(encodingFunction()) }
        let enumeration = EnumDeclaration(attributes: DocComments.deprecationAttributes(decl.info), access: config.access,
                                          name: decl.info.name, conformances: conformances, members: members)
        return docs.documented(.enumeration(enumeration), decl.info, extra: [decl.isOpen
            ? "An open enum: values this version does not know decode as `.unknown` and are written back unchanged."
            : "A closed enum: decoding a value it does not know throws `CanonRuntime.UnknownEnumValueError`."])
    }

    private func openEnumMembers(_ decl: EnumDecl, rawType: TypeName) -> [Declaration] {
        let initializer = FunctionDeclaration(
            access: config.access, name: nil, parameters: [Parameter(name: "rawValue", type: rawType)],
            body: [.switchStatement(subject: .identifier("rawValue"), cases: decl.cases.map {
                SwitchCase(patterns: [.literal(rawLiteral($0.rawValue.value))], body: [.assignment(.identifier("self"), .member(nil, $0.swiftName))])
            } + [SwitchCase(patterns: [], body: [.assignment(.identifier("self"), Expression.member(nil, "unknown").call([(nil, .identifier("rawValue"))]))])])])
        let rawValue = VariableDeclaration(
            access: config.access, kind: .var, name: "rawValue", type: rawType,
            getter: [.switchStatement(subject: .identifier("self"), cases: decl.cases.map {
                SwitchCase(patterns: [.member(nil, $0.swiftName)], body: [.expression(.literal(rawLiteral($0.rawValue.value)))])
            } + [SwitchCase(patterns: [Expression.member(nil, "unknown").call([(nil, .identifier("let rawValue"))])],
                            body: [.expression(.identifier("rawValue"))])])])
        let known = VariableDeclaration(
            access: config.access, isStatic: true, kind: .let, name: "knownCases", type: .array(.named("Self")),
            value: .literal(.array(decl.cases.map { .member(nil, $0.swiftName) })))
        return [
            .documented(Documentation(["Maps a stored raw value to its case, or to `unknown`."]), .function(initializer)),
            .documented(Documentation(["The stored raw value."]), .variable(rawValue)),
            .documented(Documentation(["The values this version of the schema knows."]), .variable(known)),
        ]
    }

    private func decodingInitializer(_ decl: EnumDecl, rawType: TypeName) -> Declaration {
        let read: [CodeBlock] = [
            .binding(kind: .let, name: "container", type: nil,
                     value: .tryExpression(Expression.identifier("decoder").dot("singleValueContainer").call(), optional: false)),
            .binding(kind: .let, name: "rawValue", type: nil,
                     value: .tryExpression(Expression.identifier("container").dot("decode").call([(nil, .metatype(rawType))]), optional: false)),
        ]
        let body: [CodeBlock]
        if decl.isOpen {
            body = read + [.assignment(.identifier("self"), Expression.identifier("Self").call([("rawValue", .identifier("rawValue"))]))]
        } else {
            let error = Expression.identifier(RuntimeNames.unknownEnumValueError).call([
                ("typeName", .literal(.string(decl.info.name))),
                ("rawValue", Expression.identifier("Swift.String").call([("describing", .identifier("rawValue"))])),
                ("codingPath", Expression.identifier("decoder").dot("codingPath")),
            ])
            body = read + [.ifLet(name: "value", value: Expression.identifier("Self").call([("rawValue", .identifier("rawValue"))]),
                                  then: [.assignment(.identifier("self"), .identifier("value"))],
                                  otherwise: [.throwStatement(error)])]
        }
        return .function(FunctionDeclaration(access: config.access, name: nil,
                                             parameters: [Parameter(label: "from", name: "decoder", type: .existential("Swift.Decoder"))],
                                             throwsType: .untyped, body: body))
    }

    private func encodingFunction() -> Declaration {
        .function(FunctionDeclaration(
            access: config.access, name: "encode",
            parameters: [Parameter(label: "to", name: "encoder", type: .existential("Swift.Encoder"))], throwsType: .untyped,
            body: [
                .binding(kind: .var, name: "container", type: nil, value: Expression.identifier("encoder").dot("singleValueContainer").call()),
                .expression(.tryExpression(Expression.identifier("container").dot("encode").call([(nil, .identifier("rawValue"))]), optional: false)),
            ]))
    }

    func rawLiteral(_ value: ConstantValue) -> Literal {
        switch value {
        case .int(let number): .int(number)
        case .string(let text): .string(text)
        default: .nil
        }
    }
}
