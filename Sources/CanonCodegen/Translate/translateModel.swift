import CanonSchema

extension Translator {
    /// A model or embedded type: a `Codable, Sendable, Hashable` struct with stored properties,
    /// a memberwise initialiser with the schema's defaults, explicit coding, equality and
    /// `validate()`.
    func translateModel(_ decl: ModelDecl) -> Declaration {
        var members: [Declaration] = []
        var conformances = ["Swift.Codable", "Swift.Sendable", "Swift.Hashable", RuntimeNames.validatable]
        if let idField = decl.idField {
            members.append(.documented(Documentation(["The type of the IDs of `\(decl.info.name)` documents."]),
                                       .typeAlias(access: config.access, name: "ID", type: .generic(RuntimeNames.documentID, [.named(decl.info.name)]))))
            if idField.swiftName == "id" { conformances.insert("Swift.Identifiable", at: 3) }
        }
        for field in decl.fields { members += properties(field) }
        members.append(memberwiseInitializer(decl))
        members += codingDeclarations(decl)
        members += equalityDeclarations(decl)
        members += validateDeclarations(decl)
        let structure = StructDeclaration(attributes: DocComments.deprecationAttributes(decl.info), access: config.access,
                                          name: decl.info.name, conformances: conformances, members: members)
        return docs.documented(.structure(structure), decl.info)
    }

    /// The stored property, plus a deprecated accessor for a deprecated field.
    private func properties(_ field: FieldDecl) -> [Declaration] {
        let type = types.propertyType(of: field)
        var extra: [String] = []
        switch field.presence {
        case .optional: extra.append("Optional: `nil` when the stored document has no `\(field.storageKey.value)`.")
        case .nullable: extra.append("Nullable: the stored document always has `\(field.storageKey.value)`; `nil` is stored as null.")
        case .optionalNullable: extra.append("Optional and nullable: `nil` when absent, `.null` when stored as null.")
        case .runtimeFilled: extra.append("Filled by the runtime on every write (`audit: \(field.audit!.value.rawValue)`); `nil` until then.")
        case .serverTime: extra.append("Firestore writes store `nil` as the server's time (`server_time: true`); the model a write returns holds it.")
        case .required: break
        }
        guard field.info.deprecation != nil else {
            return [docs.documented(.variable(VariableDeclaration(access: config.access, kind: .var, name: field.swiftName, type: type)),
                                    field.info, extra: extra)]
        }
        let storage = VariableDeclaration(access: .private, kind: .var, name: field.storageName, type: type)
        let accessor = VariableDeclaration(
            attributes: DocComments.deprecationAttributes(field.info), access: config.access, kind: .var, name: field.swiftName, type: type,
            getter: [.expression(Expression.identifier("self").dot(field.storageName))],
            setter: [.assignment(Expression.identifier("self").dot(field.storageName), .identifier("newValue"))])
        return [
            .documented(Documentation(["Storage for the deprecated `\(field.swiftName)`: generated code uses it, so it raises no deprecation warnings."]),
                        .variable(storage)),
            docs.documented(.variable(accessor), field.info, extra: extra),
        ]
    }

    /// The initialiser: every field but the audit fields, which the runtime fills on every write
    /// (their properties start as nil). The ID defaults to unassigned where a collection names new
    /// documents itself.
    private func memberwiseInitializer(_ decl: ModelDecl) -> Declaration {
        // Audit fields are filled by Firestore repositories; a model no collection stores keeps them.
        let filledByRuntime = !storingCollections(of: decl).isEmpty
        let fields = decl.fields.filter { $0.presence != .runtimeFilled || !filledByRuntime }
        let parameters = fields.map { field -> Parameter in
            let type = types.propertyType(of: field)
            var defaultValue: Expression?
            if let value = field.defaultValue {
                defaultValue = defaults.defaultExpression(value.value, for: field)
            } else if field.isID, namesNewDocuments(decl) {
                defaultValue = .member(nil, "unassigned")
            } else if field.presence != .required {
                defaultValue = .literal(.nil)
            }
            return Parameter(name: field.swiftName, type: type, defaultValue: defaultValue)
        }
        let body = fields.map { CodeBlock.assignment(Expression.identifier("self").dot($0.storageName), .identifier($0.swiftName)) }
        var doc = ["Creates a `\(decl.info.name)`; parameters with a default may be left out."]
        if decl.idField.map({ _ in namesNewDocuments(decl) }) == true {
            doc += ["", "Leave the ID out for a new document: `create` names it as the collection's `id_strategy` says."]
        }
        if filledByRuntime && decl.fields.contains(where: { $0.presence == .runtimeFilled }) {
            doc += ["", "The audit fields are not parameters: the runtime fills them on every write."]
        }
        return .documented(Documentation(doc), .function(FunctionDeclaration(access: config.access, name: nil, parameters: parameters, body: body)))
    }

    /// Whether some collection storing the model names new documents itself (`server` or `uuid`).
    func namesNewDocuments(_ decl: ModelDecl) -> Bool {
        storingCollections(of: decl).contains { $0.idStrategy != .client }
    }
}
