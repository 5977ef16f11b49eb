import CanonSchema

/// Swift expressions for schema literals (defaults). The validator has checked each literal
/// against its type, so the parsing initialisers used here cannot fail.
struct DefaultValues {
    let schema: SchemaSet

    /// A field's default as its property type: wrapped in `Nullable` for optional nullable fields.
    func defaultExpression(_ value: ConstantValue, for field: FieldDecl) -> Expression {
        guard field.presence == .optionalNullable else { return expression(value, as: field.type.value) }
        if value == .null { return .member(nil, "null") }
        return Expression.member(nil, "value").call([(nil, expression(value, as: field.type.value))])
    }

    func expression(_ value: ConstantValue, as type: FieldType) -> Expression {
        switch (type, value) {
        case (_, .null):
            return .literal(.nil)
        case (.builtin(.string), .string(let text)):
            return .literal(.string(text))
        case (.builtin(.bool), .bool(let flag)):
            return .literal(.bool(flag))
        case (.builtin(.int), .int(let number)):
            return .literal(.int(number))
        case (.builtin(.double), .int(let number)):
            return .literal(.double("\(number).0"))
        case (.builtin(.double), .double(let number)):
            return doubleExpression(number)
        case (.builtin(.timestamp), .string(let text)):
            return forced(RuntimeNames.timestamp, label: "rfc3339", text)
        case (.builtin(.bytes), .string(let text)):
            return forced(RuntimeNames.bytes, label: "base64", text)
        case (.builtin(.uuid), .string(let text)):
            return forced("Foundation.UUID", label: "uuidString", text)
        case (.builtin(.url), .string(let text)):
            return forced("Foundation.URL", label: "string", text)
        case (.builtin(.geopoint), .map(let entries)):
            let number = { (key: String) -> Expression in
                switch entries.first(where: { $0.key.value == key })?.value.value {
                case .int(let value)?: .literal(.double("\(value).0"))
                case .double(let value)?: doubleExpression(value)
                default: .literal(.double("0.0"))
                }
            }
            return Expression.identifier(RuntimeNames.geoPoint).call([("latitude", number("latitude")), ("longitude", number("longitude"))])
        case (.named(let name), _):
            return namedExpression(value, name: name)
        case (.array(let element), .array(let items)):
            return .literal(.array(items.map { expression($0.value, as: element) }))
        case (.map(let valueType), .map(let entries)):
            return .literal(.dictionary(entries.map {
                DictionaryEntry(key: .literal(.string($0.key.value)), value: expression($0.value.value, as: valueType))
            }))
        default:
            preconditionFailure("the validator lets no default of type \(type) be \(value)")
        }
    }

    private func namedExpression(_ value: ConstantValue, name: String) -> Expression {
        switch (schema.lookup(name), value) {
        case (.enumType(let decl, _)?, .string(let caseName)):
            let swiftName = decl.cases.first { $0.info.name == caseName }?.swiftName ?? caseName
            return .member(nil, swiftName)
        case (.embedded(let decl, _)?, .map(let entries)):
            // The memberwise initialiser, with given fields in declaration order.
            let arguments = decl.fields.compactMap { field -> (String?, Expression)? in
                guard let entry = entries.first(where: { $0.key.value == field.info.name }) else { return nil }
                return (field.swiftName, defaultExpression(entry.value.value, for: field))
            }
            return Expression.identifier(name).call(arguments)
        default:
            preconditionFailure("the validator lets no default of type \(name) be \(value)")
        }
    }

    private func forced(_ type: String, label: String, _ text: String) -> Expression {
        .forceUnwrap(Expression.identifier(type).call([(label, .literal(.string(text)))]))
    }

    private func doubleExpression(_ value: Double) -> Expression {
        if value.isNaN { return .identifier("Swift.Double.nan") }
        if value.isInfinite { return .identifier(value < 0 ? "-Swift.Double.infinity" : "Swift.Double.infinity") }
        var text = "\(value)"
        if !text.contains(".") && !text.contains("e") { text += ".0" }
        return .literal(.double(text))
    }
}
