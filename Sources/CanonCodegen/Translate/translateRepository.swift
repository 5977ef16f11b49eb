import CanonSchema

extension Translator {
    /// The models of `file` that a collection stores, as `FirestoreStorable`: the audit fields'
    /// storage keys, and an `id` where the ID field has another name.
    func translateStorable(_ model: ModelDecl) -> Declaration? {
        guard let idField = model.idField else { return nil }
        var members: [Declaration] = []
        if idField.swiftName != "id" {
            // (Another field called `id` is a schema error: CANON023.)
            let accessor = VariableDeclaration(
                access: config.access, kind: .var, name: "id", type: .named("ID"),
                getter: [.expression(Expression.identifier("self").dot(idField.swiftName))],
                setter: [.assignment(Expression.identifier("self").dot(idField.swiftName), .identifier("newValue"))])
            members.append(.documented(Documentation(["The document ID (`\(idField.info.name)`)."]), .variable(accessor)))
        }
        let audit = model.fields.compactMap { field in field.audit.map { ($0.value, field.storageKey.value) } }
        if !audit.isEmpty {
            let labels: [AuditKind: String] = [.createdAt: "createdAt", .updatedAt: "updatedAt", .createdBy: "createdBy",
                                               .updatedBy: "updatedBy", .requestID: "requestID"]
            let arguments = AuditKind.allCases.compactMap { kind in
                audit.first { $0.0 == kind }.map { (labels[kind], Expression.literal(.string($0.1))) }
            }
            members.append(.documented(
                Documentation(["The storage keys of the fields the runtime fills on every write."]),
                .variable(VariableDeclaration(access: config.access, isStatic: true, kind: .let, name: "auditKeys",
                                              value: Expression.identifier(RuntimeNames.auditKeys).call(arguments)))))
        }
        let serverTimes = model.fields.filter { $0.presence == .serverTime }.map { Expression.literal(.string($0.storageKey.value)) }
        if !serverTimes.isEmpty {
            members.append(.documented(
                Documentation(["The storage keys of the `server_time` fields: a nil value is written as the server's time."]),
                .variable(VariableDeclaration(access: config.access, isStatic: true, kind: .let, name: "serverTimestampKeys",
                                              type: .array(.string), value: .literal(.array(serverTimes))))))
        }
        let paths = storingCollections(of: model).compactMap { $0.path.map { Expression.literal(.string($0.value.description)) } }
        members.append(.documented(
            Documentation(["The paths of the collections that store `\(model.info.name)`: a reference to one must name a document in them."]),
            .variable(VariableDeclaration(access: config.access, isStatic: true, kind: .let, name: "collectionPaths",
                                          type: .array(.named(RuntimeNames.collectionPathTemplate)), value: .literal(.array(paths))))))
        // The runtime takes storage keys, old keys and null handling from the model's field
        // table (`FieldTableModel`), so nothing more is generated for them here.
        if let validation = fieldValidationDeclaration(model) { members.append(validation) }
        return .documented(
            Documentation(["`\(model.info.name)` is stored in Firestore by a generated repository."]),
            .extensionDecl(ExtensionDeclaration(extendedType: model.info.name, conformances: [RuntimeNames.firestoreStorable], members: members)))
    }

    /// A collection's repository: its path (with typed parent IDs), ID strategy, named queries
    /// and subcollections. Everything generic comes from `CanonRuntime.FirestoreCollection`.
    func translateRepository(_ collection: CollectionDecl) -> Declaration? {
        guard let path = collection.path?.value, case .model(let model, _)? = schema.lookup(collection.model.value),
              model.idField != nil else { return nil }
        let modelType = TypeName.named(model.info.name)
        let baseType = TypeName.generic(RuntimeNames.firestoreRepository, [modelType])
        let parameters = pathParameters(path)
        var members: [Declaration] = [
            .documented(Documentation(["The runtime repository underneath."]),
                        .variable(VariableDeclaration(access: config.access, kind: .let, name: "base", type: baseType))),
        ]
        for parameter in parameters {
            members.append(.documented(Documentation(["The ID of the parent document (`{\(parameter.placeholder)}`)."]),
                                       .variable(VariableDeclaration(access: config.access, kind: .let, name: parameter.name, type: parameter.type))))
        }

        let strategy: String = switch collection.idStrategy {
        case .server: "automatic"
        case .uuid: "uuid"
        case .client: "client"
        }
        var body: [CodeBlock] = parameters.map { .assignment(Expression.identifier("self").dot($0.name), .identifier($0.name)) }
        body.append(.assignment(
            Expression.identifier("self").dot("base"),
            Expression.identifier(baseType.description).call([
                ("client", .identifier("client")), ("collectionPath", collectionPathExpression(path, parameters)),
                ("idStrategy", .member(nil, strategy)),
            ])))
        members.append(.documented(
            Documentation(["The collection at `\(path)`\(parameters.isEmpty ? "" : ", below the given parent").", "",
                           "- Parameter client: The Firestore client to use."]),
            .function(FunctionDeclaration(
                access: config.access,
                parameters: [Parameter(name: "client", type: .named(RuntimeNames.firestoreClient))]
                    + parameters.map { Parameter(name: $0.name, type: $0.type) },
                body: body))))

        // A subcollection's group queries belong to its group type; a top-level collection keeps its own.
        members += collection.queries.filter { !$0.isCollectionGroup || parameters.isEmpty }.map { translateQuery($0, model: model, onRepository: true) }
        members += subcollectionAccessors(of: collection, path: path, parameters: parameters)

        let structure = StructDeclaration(attributes: DocComments.deprecationAttributes(collection.info), access: config.access,
                                          name: repositoryName(collection), conformances: [RuntimeNames.firestoreCollection], members: members)
        return docs.documented(.structure(structure), collection.info,
                               extra: ["Stores `\(model.info.name)` documents at `\(path)`; IDs: \(collection.idStrategy.rawValue)."] + [cacheNote(collection)].compactMap { $0 })
    }

    func repositoryName(_ collection: CollectionDecl) -> String { Naming.repositoryTypeName(collection.info.name) }

    /// The collections that store a model, in schema order.
    func storingCollections(of model: ModelDecl) -> [CollectionDecl] {
        schema.collections.filter { $0.model.value == model.info.name && $0.path != nil }
    }

    /// A subcollection's group: every collection with its ID, whatever the parents. It holds the
    /// collection's group queries (`group: true`) and reads any of its documents by reference.
    func translateCollectionGroup(_ collection: CollectionDecl) -> Declaration? {
        guard let path = collection.path?.value, path.segments.count > 1, case .model(let model, _)? = schema.lookup(collection.model.value),
              model.idField != nil else { return nil }
        let baseType = TypeName.generic(RuntimeNames.collectionGroup, [.named(model.info.name)])
        var members: [Declaration] = [
            .documented(Documentation(["The runtime group underneath."]),
                        .variable(VariableDeclaration(access: config.access, kind: .let, name: "base", type: baseType))),
            .documented(
                Documentation(["Every `\(path.collectionID)` collection of the client's database.", "",
                               "- Parameter client: The Firestore client to use."]),
                .function(FunctionDeclaration(
                    access: config.access, parameters: [Parameter(name: "client", type: .named(RuntimeNames.firestoreClient))],
                    body: [.assignment(Expression.identifier("self").dot("base"), Expression.identifier(baseType.description).call([
                        ("client", .identifier("client")), ("collectionID", .literal(.string(path.collectionID))),
                    ]))]))),
        ]
        members += collection.queries.filter(\.isCollectionGroup).map { translateQuery($0, model: model, onRepository: false) }
        let structure = StructDeclaration(attributes: DocComments.deprecationAttributes(collection.info), access: config.access,
                                          name: Naming.groupTypeName(collection.info.name), conformances: [RuntimeNames.firestoreCollectionGroup],
                                          members: members)
        return .documented(
            Documentation(["Every collection of `\(collection.info.name)` (`\(path)`), whatever its parents: its collection-group queries,",
                           "whose results name their documents, and reads by reference."]),
            .structure(structure))
    }

    /// `reference.toolSessionId`: the typed IDs of the parents a reference to a model names,
    /// when one subcollection alone stores the model.
    func translateReferenceParents(_ model: ModelDecl) -> Declaration? {
        let collections = storingCollections(of: model)
        guard collections.count == 1, let path = collections[0].path?.value, model.idField != nil else { return nil }
        let parameters = pathParameters(path)
        guard !parameters.isEmpty else { return nil }
        var placeholderIndexes = path.segments.indices.filter { if case .placeholder = path.segments[$0] { true } else { false } }.makeIterator()
        let members: [Declaration] = parameters.map { parameter in
            let segment = Expression.identifier("self").dot("segment").call([(nil, .literal(.int(Int64(placeholderIndexes.next()!))))])
            let value = parameter.isTypedID ? Expression.identifier(parameter.type.description).call([("rawValue", segment)]) : segment
            return .documented(Documentation(["The ID of the parent document (`{\(parameter.placeholder)}` in `\(path)`)."]),
                               .variable(VariableDeclaration(access: config.access, kind: .var, name: parameter.name, type: parameter.type,
                                                             getter: [.expression(value)])))
        }
        return .documented(
            Documentation(["The parents a reference to a `\(model.info.name)` names, by their typed IDs."]),
            .extensionDecl(ExtensionDeclaration(extendedType: RuntimeNames.documentReference, whereClause: "Model == \(model.info.name)", members: members)))
    }

    struct PathParameter {
        var placeholder: String
        var name: String
        var type: TypeName
        /// Whether the type is a `DocumentID` (whose text is its `rawValue`).
        var isTypedID: Bool
    }

    /// The placeholders of a path, typed by the collection each one names a document of.
    private func pathParameters(_ path: CollectionPath) -> [PathParameter] {
        var result: [PathParameter] = []
        for (index, segment) in path.segments.enumerated() {
            guard case .placeholder(let placeholder) = segment else { continue }
            let prefix = CollectionPath(segments: Array(path.segments.prefix(index)))
            let parent = collectionsByShape[prefix.shape]
            if let parent, case .model(let model, _)? = schema.lookup(parent.model.value), model.idField != nil {
                result.append(PathParameter(placeholder: placeholder, name: Naming.lowerCamelCase(placeholder),
                                            type: .named("\(model.info.name).ID"), isTypedID: true))
            } else {
                result.append(PathParameter(placeholder: placeholder, name: Naming.lowerCamelCase(placeholder), type: .string, isTypedID: false))
            }
        }
        return result
    }

    /// `"casefiles"`, or `["casefiles", casefileId.rawValue, "notes"].joined(separator: "/")`.
    private func collectionPathExpression(_ path: CollectionPath, _ parameters: [PathParameter]) -> Expression {
        guard !parameters.isEmpty else { return .literal(.string(path.description)) }
        var next = parameters.makeIterator()
        let parts: [Expression] = path.segments.map { segment in
            switch segment {
            case .collection(let id):
                return .literal(.string(id))
            case .placeholder:
                let parameter = next.next()!
                return parameter.isTypedID ? Expression.identifier(parameter.name).dot("rawValue") : .identifier(parameter.name)
            }
        }
        return Expression.literal(.array(parts)).dot("joined").call([("separator", .literal(.string("/")))])
    }

    /// `notes(of:)` for each collection directly below this one.
    private func subcollectionAccessors(of collection: CollectionDecl, path: CollectionPath, parameters: [PathParameter]) -> [Declaration] {
        (subcollections[path.shape] ?? []).compactMap { child -> Declaration? in
            guard let childPath = child.path?.value, case .model(let childModel, _)? = schema.lookup(child.model.value), childModel.idField != nil else { return nil }
            let childParameters = pathParameters(childPath)
            guard let last = childParameters.last, childParameters.count == parameters.count + 1 else { return nil }
            var arguments: [(String?, Expression)] = [("client", Expression.identifier("self").dot("base").dot("client"))]
            for (own, theirs) in zip(parameters, childParameters) {
                arguments.append((theirs.name, Expression.identifier("self").dot(own.name)))
            }
            arguments.append((last.name, .identifier(last.name)))
            let function = FunctionDeclaration(
                access: config.access, name: Naming.accessorName(forCollectionID: childPath.collectionID),
                parameters: [Parameter(label: "of", name: last.name, type: last.type)],
                returnType: .named(repositoryName(child)),
                body: [.returnStatement(Expression.identifier(repositoryName(child)).call(arguments))])
            return .documented(Documentation(["The `\(child.info.name)` of one document (`\(childPath)`)."]), .function(function))
        }
    }

    // MARK: Named queries

    /// A named query as a method that binds its parameters and returns the query, which the
    /// caller runs as a page, the first match, a count, a sum, an average or a sequence.
    private func translateQuery(_ query: QueryDecl, model: ModelDecl, onRepository: Bool) -> Declaration {
        // `limit: $name` is the page's `limit:` argument now (CANON092): no parameter of its own.
        let limitParameter: String? = if case .parameter(let name)? = query.limit { name.value } else { nil }
        let used = Set(query.filters.compactMap { filter -> String? in if case .parameter(let name) = filter.operand { name.value } else { nil } })
        let kept = query.parameters.filter { $0.name.value != limitParameter || used.contains($0.name.value) }
        let parameters = kept.enumerated().map { index, parameter in
            let name = Naming.lowerCamelCase(parameter.name.value)
            // `casefilesWithTag(_ tag:)`, not `casefilesWithTag(tag:)`: a first argument the name ends
            // with, or follows as the object of its last word, a preposition (`openTicketsOf(_:)`), needs no label.
            let unlabeled = index == 0 && (query.info.name.lowercased().hasSuffix(name.lowercased()) || Self.endsWithPreposition(query.info.name))
            return Parameter(label: unlabeled ? "_" : nil, name: name, type: types.type(of: parameter.type.value))
        }

        let filters: [Expression] = query.filters.compactMap { filter in
            guard let (storagePath, fieldType) = storagePath(filter.field.value, in: model) else { return nil }
            let operandType = filter.op.operandType(forFieldOf: fieldType) ?? fieldType  // validated: always applies
            let value: Expression
            switch filter.operand {
            case .parameter(let name):
                value = .tryExpression(Expression.identifier("self").dot("base").dot("operand")
                    .call([(nil, .identifier(Naming.lowerCamelCase(name.value)))]), optional: false)
            case .value(let constant) where constant.value == .null:
                value = .identifier(RuntimeNames.firestoreValue + ".null")
            case .value(let constant):
                value = .tryExpression(Expression.identifier("self").dot("base").dot("operand").call([
                    (nil, defaults.expression(constant.value, as: operandType)), ("as", .metatype(types.type(of: operandType))),
                ]), optional: false)
            }
            return Expression.identifier(RuntimeNames.queryFilter).call([
                (nil, Self.fieldPath(storagePath)), (nil, .member(nil, Self.wireOperator(filter.op))), (nil, value),
            ])
        }
        let orders: [Expression] = query.order.compactMap { order in
            guard let (storagePath, _) = storagePath(order.field.value, in: model) else { return nil }
            var arguments: [(String?, Expression)] = [(nil, Self.fieldPath(storagePath))]
            if order.isDescending { arguments.append(("descending", .literal(.bool(true)))) }
            return Expression.identifier(RuntimeNames.queryOrder).call(arguments)
        }
        var arguments: [(String?, Expression)] = []
        if !orders.isEmpty { arguments.append(("order", .literal(.array(orders)))) }
        if case .fixed(let count)? = query.limit { arguments.append(("limit", .literal(.int(Int64(count.value))))) }
        // A top-level collection's group query runs on its repository's group.
        let callee = query.isCollectionGroup && onRepository
            ? Expression.identifier("self").dot("base").dot("group").dot("query") : Expression.identifier("self").dot("base").dot("query")
        let call = Expression.trailingClosure(callee.call(arguments),
                                              parameters: [], body: [.expression(.literal(.array(filters)))])
        let queryType = query.isCollectionGroup ? RuntimeNames.groupQuery : RuntimeNames.modelQuery
        let function = FunctionDeclaration(
            attributes: DocComments.deprecationAttributes(query.info), access: config.access, name: Naming.lowerCamelCase(query.info.name),
            parameters: parameters, returnType: .generic(queryType, [.named(model.info.name)]), body: [.returnStatement(call)])
        var extra = [query.limit.flatMap { if case .fixed(let count) = $0 { "At most \(count.value) a page." } else { nil } }
            ?? "At most `CanonRuntime.QueryLimits.maximumPageSize` a page."]
        extra.append("Run it with `page(limit:after:)`, `first()`, `count()`, `sum(_:)`, `average(_:)` or `all()`.")
        if query.isCollectionGroup { extra.append("Runs over every `\(model.info.name)` collection with this ID (a collection-group query); each result names its document.") }
        return docs.documented(.function(function), query.info, extra: extra)
    }

    /// Prepositions a query's name may end with, whose object is its first argument.
    static let prepositions: Set<String> = ["Of", "For", "By", "With", "In", "On", "At", "From", "To", "Before", "After", "Since", "Until", "Near"]

    /// Whether the last word of a lowerCamelCase name is a preposition (`openTicketsOf`).
    static func endsWithPreposition(_ name: String) -> Bool {
        guard let start = name.lastIndex(where: \.isUppercase) else { return false }
        return prepositions.contains(String(name[start...]))
    }

    private func storagePath(_ path: String, in model: ModelDecl) -> ([String], FieldType)? {
        guard case .success(let resolved) = schema.resolveFieldPath(path, in: model) else { return nil }
        return (resolved.storageKeys, resolved.type)
    }

    /// `CanonRuntime.FieldPath(["size", "w"])`: by segments, since a storage key may contain a dot.
    private static func fieldPath(_ segments: [String]) -> Expression {
        Expression.identifier(RuntimeNames.fieldPath).call([(nil, .literal(.array(segments.map { .literal(.string($0)) })))])
    }

    static func wireOperator(_ op: QueryDecl.Operator) -> String {
        switch op {
        case .eq: "equal"
        case .ne: "notEqual"
        case .lt: "lessThan"
        case .lte: "lessThanOrEqual"
        case .gt: "greaterThan"
        case .gte: "greaterThanOrEqual"
        case .in: "in"
        case .notIn: "notIn"
        case .contains: "arrayContains"
        case .containsAny: "arrayContainsAny"
        }
    }
}
