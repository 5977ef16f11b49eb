import CanonSchema

extension Translator {
    /// `CanonSchemaSet.canon.swift`: what the module was generated from, so that a service can
    /// log it and tests can check it.
    func supportFile() -> SwiftFile {
        let files = schema.files.map { Expression.literal(.string(docs.displayPath($0.path))) }
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
            .enumeration(EnumDeclaration(access: config.access, name: "CanonSchemaSet", members: members)))
        return SwiftFile(name: OutputFileNames.support, header: header(source: "the schema set"),
                         imports: cached.isEmpty ? [] : [Import(module: RuntimeNames.module, spi: nil)], declarations: [declaration])
    }
}
