extension SchemaValidator {
    /// Warns about every `deprecated:` that does not say what to do instead.
    mutating func validateDeprecations() {
        var infos: [DeclarationInfo] = []
        for file in schema.files {
            for decl in file.enums { infos += [decl.info] + decl.cases.map(\.info) }
            for decl in file.embeddedTypes + file.models { infos += [decl.info] + decl.fields.map(\.info) }
            for decl in file.collections { infos += [decl.info] + decl.queries.map(\.info) }
            infos += file.keyspaces.map(\.info)
        }
        for info in infos {
            guard let deprecation = info.deprecation,
                  deprecation.message.allSatisfy(\.isWhitespace) else { continue }
            diagnostics.warning(.deprecatedWithoutMessage, "'\(info.name)' is deprecated without a message", at: deprecation.location,
                                suggestion: "say what to use instead, as in 'deprecated: \"Use …\"'")
        }
    }
}
