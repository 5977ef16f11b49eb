import CanonSchema

extension Translator {
    /// `CanonSchemaSet.canon.swift`: what the module was generated from, so that a service can
    /// log it and tests can check it.
    func supportFile() -> SwiftFile {
        let files = ownFiles.map { Expression.literal(.string(docs.displayPath($0.path))) }
        var members: [Declaration] = [
            .documented(Documentation(["The schema files, as paths relative to the package."]),
                        .variable(VariableDeclaration(access: config.access, isStatic: true, kind: .let, name: "files",
                                                      type: .array(.string), value: .literal(.array(files))))),
            .documented(Documentation(["The version of canon that generated the module."]),
                        .variable(VariableDeclaration(access: config.access, isStatic: true, kind: .let, name: "generatorVersion",
                                                      type: .string, value: .literal(.string(CanonVersion.current))))),
        ]
        let cached = config.parts.contains(.repositories) ? cachedCollections : []
        if !cached.isEmpty {
            members.append(.documented(
                Documentation(["The collections whose schemas enable `cache:`: give them to `CanonRuntime.FirestoreCache`."]),
                .variable(VariableDeclaration(access: config.access, isStatic: true, kind: .let, name: "cachedCollections",
                                              type: .array(.named(RuntimeNames.cachedCollection)), value: .literal(.array(cached))))))
        }
        let declaration = Declaration.documented(
            Documentation(["The schema set this module was generated from."]),
            .enumeration(EnumDeclaration(access: config.access, name: "CanonSchemaSet", conformances: [RuntimeNames.generatedSchemaSet], members: members)))
        var declarations = [declaration]
        let accessors = config.parts.contains(.repositories) ? persistenceAccessors() : []
        if !accessors.isEmpty {
            declarations.append(.documented(
                Documentation(["The repositories of this module's collections and keyspaces, over the container's clients."]),
                .extensionDecl(ExtensionDeclaration(extendedType: RuntimeNames.canonPersistence, members: accessors))))
        }
        return SwiftFile(name: OutputFileNames.support, header: header(source: "the schema set"),
                         imports: [Import(module: RuntimeNames.module, spi: nil)], declarations: declarations)
    }

    /// `persistence.casefiles` for each top-level collection with a repository (a subcollection's
    /// accessor is its group, `persistence.toolRequests`), and
    /// `persistence.rateLimitWindows` (nil without Redis) for each keyspace; deprecated as their
    /// repositories are, so naming those types here warns no one who does not use them.
    private func persistenceAccessors() -> [Declaration] {
        var accessors: [Declaration] = []
        for collection in ownFiles.flatMap(\.collections) {
            guard let path = collection.path?.value,
                  case .model(let model, _)? = schema.lookup(collection.model.value), model.idField != nil else { continue }
            // A subcollection's accessor is its group: every such collection, whatever its parents.
            let type = path.segments.count == 1 ? repositoryName(collection) : Naming.groupTypeName(collection.info.name)
            let doc = path.segments.count == 1
                ? "The `\(collection.info.name)` collection (`\(path)`), over the container's Firestore client and cache."
                : "Every `\(collection.info.name)` collection (`\(path)`), whatever its parents: group queries and reads by reference."
            accessors.append(.documented(
                Documentation([doc]),
                .variable(VariableDeclaration(attributes: DocComments.deprecationAttributes(collection.info), access: config.access, kind: .var,
                                              name: Naming.lowerCamelCase(collection.info.name), type: .named(type),
                                              getter: [.expression(Expression.identifier(type).call([("client", .identifier("firestore"))]))]))))
        }
        for keyspace in ownFiles.flatMap(\.keyspaces) {
            guard keyspace.key != nil, keyspace.ttl != nil, case .model? = schema.lookup(keyspace.model.value) else { continue }
            let type = Naming.repositoryTypeName(keyspace.info.name)
            accessors.append(.documented(
                Documentation(["The `\(keyspace.info.name)` keyspace, over the container's Redis client; nil when no Redis is configured."]),
                .variable(VariableDeclaration(attributes: DocComments.deprecationAttributes(keyspace.info), access: config.access, kind: .var,
                                              name: Naming.lowerCamelCase(keyspace.info.name), type: .optional(.named(type)),
                                              getter: [.expression(Expression.identifier("redis").dot("map").call([(nil, .identifier("\(type).init(client:)"))]))]))))
        }
        return accessors
    }
}
