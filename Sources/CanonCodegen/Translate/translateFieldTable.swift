import CanonSchema

extension Translator {
    /// The model's field table (`storedFields`: storage keys, older keys, defaults, presence), in
    /// an extension that makes the model a `FieldTableModel`. With `access: public` the extension
    /// is `@_spi(Generated)`, as the protocol is: the model's users do not see it. A deprecated
    /// model's extension is deprecated too, so that naming the model in it raises no warning.
    ///
    /// A table is data the runtime interprets (`CanonRuntime.FieldTable`); spelled out field by
    /// field, the same coding is most of a model's machine code in a debug build.
    func translateFieldTable(_ decl: ModelDecl) -> Declaration {
        let table = Expression.trailingClosure(
            Expression.identifier(TypeName.generic(RuntimeNames.fieldTable, [.named(decl.info.name)]).description),
            parameters: ["fields"], body: decl.fields.flatMap(tableEntries) + documentIDAccessor(decl))
        let tableDeclaration = VariableDeclaration(access: config.access, isStatic: true, kind: .let, name: "storedFields", value: table)
        let member = Declaration.documented(
            Documentation(["The stored fields: storage keys, older keys read but no longer written, defaults, and whether a",
                           "field may be absent or null. Coding, `==` and `hash(into:)` run through it."]),
            .variable(tableDeclaration))
        return .documented(
            Documentation(["How the runtime codes, compares and hashes `\(decl.info.name)`: for generated code only."]),
            .extensionDecl(ExtensionDeclaration(attributes: DocComments.deprecationAttributes(decl.info) + generatedOnlyAttributes,
                                                extendedType: decl.info.name, conformances: [RuntimeNames.fieldTableModel],
                                                members: [member])))
    }

    /// `fields.documentIDAccessor(\.id)` for a stored model whose ID field has another name: the
    /// `id` its `FirestoreStorable` extension adds names the document ID in typed queries too.
    private func documentIDAccessor(_ decl: ModelDecl) -> [CodeBlock] {
        guard let idField = decl.idField, idField.swiftName != "id", storedModels.contains(decl.info.name),
              config.parts.contains(.repositories) else { return [] }
        return [.expression(Expression.identifier("fields").dot("documentIDAccessor").call([(nil, .keyPath(root: nil, path: ["id"]))]))]
    }

    /// `fields.field(\.name, "key", default: value)` (`fields.documentID(\.id, "id")` for the ID),
    /// then one `fields.alias("old", of: \.name)` per older key.
    private func tableEntries(_ field: FieldDecl) -> [CodeBlock] {
        let method = switch field.presence {
        case _ where field.isID: "documentID"
        case .required: "field"
        case .optional, .runtimeFilled, .serverTime: "optional"
        case .nullable: "nullable"
        case .optionalNullable: "optionalNullable"
        }
        let keyPath = Expression.keyPath(root: nil, path: [field.storageName])
        var arguments: [(String?, Expression)] = [(nil, keyPath), (nil, .literal(.string(field.storageKey.value)))]
        if let value = field.defaultValue { arguments.append(("default", defaults.defaultExpression(value.value, for: field))) }
        let fields = Expression.identifier("fields")
        return [.expression(fields.dot(method).call(arguments))] + field.aliases.map { alias in
            .expression(fields.dot("alias").call([(nil, .literal(.string(alias.value))), ("of", keyPath)]))
        }
    }
}
