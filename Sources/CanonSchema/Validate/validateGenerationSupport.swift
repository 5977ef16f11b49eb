extension SchemaValidator {
    /// Features the language accepts that the generator does not generate code for yet: one
    /// warning per feature, at its first use, so that nothing is silently dropped.
    mutating func validateGenerationSupport() {
        let keyspaces = schema.keyspaces.map(\.info.location)
        let features = [(keyspaces, "Redis keyspaces ('redis:') are")]
        for (uses, feature) in features {
            guard let first = uses.min() else { continue }
            let others = uses.count - 1
            let scope = others == 0 ? "this use" : "this use and \(others) other\(others == 1 ? "" : "s")"
            diagnostics.warning(.notGeneratedYet, "\(feature) accepted but not generated yet: no code is generated for \(scope)",
                                at: first, suggestion: "generating them is planned; see the README")
        }
    }
}
