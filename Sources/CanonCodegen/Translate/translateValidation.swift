import CanonSchema

extension Translator {
    /// `validate()`: one runtime check per constrained field, nested types validated in turn,
    /// every violation reported at once.
    func validateDeclarations(_ decl: ModelDecl) -> [Declaration] {
        var body: [CodeBlock] = [
            .binding(kind: .var, name: "validator", type: nil,
                     value: Expression.identifier(RuntimeNames.validator).call([("typeName", .literal(.string(decl.info.name)))])),
        ]
        let checks = decl.fields.flatMap { field in
            fieldChecks(field, value: valueExpression(field, base: Expression.identifier("self").dot(field.storageName)),
                        count: countExpression(field, base: Expression.identifier("self").dot(field.storageName)))
        }
        let patterns: [Declaration] = decl.fields.compactMap { field in
            field.constraints.pattern.map { pattern in
                .variable(VariableDeclaration(access: .private, isStatic: true, kind: .let, name: patternName(field),
                                              value: Expression.identifier(RuntimeNames.pattern).call([(nil, .literal(.string(pattern.value)))])))
            }
        }
        // No constraint anywhere: nothing to check.
        if checks.isEmpty {
            body = []
        } else {
            body += checks
            body.append(.expression(.tryExpression(Expression.identifier("validator").dot("finish").call(), optional: false)))
        }
        // Plain `throws`: typed throws multiplied the compile time of generated modules.
        let function = FunctionDeclaration(access: config.access, name: "validate", throwsType: .untyped, body: body)
        return patterns + [.documented(Documentation(["Checks every constraint of the schema.", "",
                                                      "- Throws: `CanonRuntime.ValidationError` listing every violation at once."]),
                                       .function(function))]
    }

    /// The checks of one field's value (`value`), with its element count (`count`) for lists
    /// and maps.
    private func fieldChecks(_ field: FieldDecl, value: Expression, count countValue: Expression) -> [CodeBlock] {
        var body: [CodeBlock] = []
        let path = Expression.literal(.string(field.info.name))
        let c = field.constraints
        var arguments: [(String?, Expression)] = [(nil, value), (nil, path)]
        func bound(_ label: String, _ number: Located<NumericBound>?) {
            guard let number else { return }
            // The validator has made sure an int field's bounds are whole and in range.
            if field.type.value == .builtin(.int), let integer = number.value.exactInteger {
                arguments.append((label, .literal(.int(integer))))
            } else {
                arguments.append((label, .literal(.double(Self.doubleText(number.value.doubleValue)))))
            }
        }
        func count(_ label: String, _ number: Located<Int>?) {
            if let number { arguments.append((label, .literal(.int(Int64(number.value))))) }
        }
        switch field.type.value {
        case .builtin(.int), .builtin(.double):
            bound("min", c.min)
            bound("max", c.max)
        case .builtin(.string), .builtin(.bytes):
            count("minLength", c.minLength)
            count("maxLength", c.maxLength)
            if c.pattern != nil { arguments.append(("pattern", Expression.identifier("Self").dot(patternName(field)))) }
        case .array, .map:
            if c.minItems != nil || c.maxItems != nil {
                var items: [(String?, Expression)] = [(nil, countValue), (nil, path)]
                if let number = c.minItems { items.append(("minItems", .literal(.int(Int64(number.value))))) }
                if let number = c.maxItems { items.append(("maxItems", .literal(.int(Int64(number.value))))) }
                body.append(.expression(Expression.identifier("validator").dot("checkItems").call(items)))
            }
        default:
            break
        }
        if arguments.count > 2 {
            let method = switch field.type.value {
            case .builtin(.int): "checkInt"
            case .builtin(.double): "checkDouble"
            case .builtin(.bytes): "checkBytes"
            default: "checkString"
            }
            body.append(.expression(Expression.identifier("validator").dot(method).call(arguments)))
        }
        if let nested = nestedValidation(field, value: value, path: path) { body.append(nested) }
        return body
    }

    /// `validate(_:at:)`: the checks of one stored property, for partial updates. Only fields
    /// with constraints get a case; the patterns are those `validate()` declares.
    func fieldValidationDeclaration(_ decl: ModelDecl) -> Declaration? {
        var cases: [SwitchCase] = []
        for field in decl.fields where field.info.deprecation == nil && field.audit == nil {
            let value = Expression.identifier("value")
            let checks = fieldChecks(field, value: valueExpression(field, base: value), count: countExpression(field, base: value))
            guard !checks.isEmpty else { continue }
            cases.append(SwitchCase(patterns: [.keyPath(root: .named(decl.info.name), path: [field.swiftName])], body: [
                .ifLet(name: "value", value: .binary(.identifier("value"), "as?", .identifier(types.propertyType(of: field).description)),
                       then: checks, otherwise: nil),
            ]))
        }
        guard !cases.isEmpty else { return nil }
        cases.append(SwitchCase(patterns: [], body: [.expression(.identifier("break"))]))
        let body: [CodeBlock] = [
            .binding(kind: .var, name: "validator", type: nil,
                     value: Expression.identifier(RuntimeNames.validator).call([("typeName", .literal(.string(decl.info.name)))])),
            .switchStatement(subject: .identifier("keyPath"), cases: cases),
            .expression(.tryExpression(Expression.identifier("validator").dot("finish").call(), optional: false)),
        ]
        return .documented(
            Documentation(["Checks the constraints of one stored property's new value (for partial updates)."]),
            .function(FunctionDeclaration(attributes: generatedOnlyAttributes, access: config.access, isStatic: true, name: "validate",
                                          parameters: [Parameter(label: "_", name: "value", type: .named("Any")),
                                                       Parameter(label: "at", name: "keyPath", type: .generic("Swift.PartialKeyPath", [.named(decl.info.name)]))],
                                          throwsType: .untyped, body: body)))
    }

    /// The value to check (`base` is the field's value): unwrapped from `Nullable` for optional
    /// nullable fields.
    private func valueExpression(_ field: FieldDecl, base: Expression) -> Expression {
        field.presence == .optionalNullable ? .member(.optionalChain(base), "wrapped") : base
    }

    private func countExpression(_ field: FieldDecl, base: Expression) -> Expression {
        let value = valueExpression(field, base: base)
        return field.presence == .required ? value.dot("count") : .member(.optionalChain(value), "count")
    }

    private func patternName(_ field: FieldDecl) -> String { "\(field.storageName)Pattern" }

    /// Embedded values, alone or nested in lists and maps, validate themselves under the
    /// field's path (lists and maps of them are `Validatable` in the runtime).
    private func nestedValidation(_ field: FieldDecl, value: Expression, path: Expression) -> CodeBlock? {
        guard case .named(let name) = field.type.value.innermost, case .embedded? = schema.lookup(name) else { return nil }
        return .expression(Expression.identifier("validator").dot("nested").call([(nil, value), (nil, path)]))
    }

    static func doubleText(_ value: Double) -> String {
        var text = "\(value)"
        if !text.contains(".") && !text.contains("e") { text += ".0" }
        return text
    }
}
