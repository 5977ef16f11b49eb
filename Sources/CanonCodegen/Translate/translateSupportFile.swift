import CanonSchema

extension Translator {
    /// `CanonSchemaSet.canon.swift`: what the module was generated from, so that a service can
    /// log it and tests can check it.
    func supportFile() -> SwiftFile {
        let files = schema.files.map { Expression.literal(.string(docs.displayPath($0.path))) }
        let members: [Declaration] = [
            .documented(Documentation(["The schema files, as paths relative to the package."]),
                        .variable(VariableDeclaration(access: config.access, isStatic: true, kind: .let, name: "files",
                                                      type: .array(.string), value: .literal(.array(files))))),
            .documented(Documentation(["The version of canon that generated the module."]),
                        .variable(VariableDeclaration(access: config.access, isStatic: true, kind: .let, name: "generatorVersion",
                                                      type: .string, value: .literal(.string(CanonVersion.current))))),
        ]
        let declaration = Declaration.documented(
            Documentation(["The schema set this module was generated from."]),
            .enumeration(EnumDeclaration(access: config.access, name: "CanonSchemaSet", members: members)))
        return SwiftFile(name: OutputFileNames.support, header: header(source: "the schema set"), imports: [], declarations: [declaration])
    }
}
