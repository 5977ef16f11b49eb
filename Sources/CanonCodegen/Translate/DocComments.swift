import CanonSchema

/// Documentation comments for generated declarations: the schema's `doc`, deprecation notes,
/// and a `- Remark:` naming the schema line the declaration comes from.
struct DocComments {
    /// Turns an absolute or relative schema path into the path shown in generated code.
    let displayPath: @Sendable (String) -> String

    func documented(_ declaration: Declaration, _ info: DeclarationInfo, extra: [String] = []) -> Declaration {
        var lines: [String] = []
        if let doc = info.doc, !doc.isEmpty {
            lines += doc.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        if !extra.isEmpty {
            if !lines.isEmpty { lines.append("") }
            lines += extra
        }
        if let deprecation = info.deprecation {
            if !lines.isEmpty { lines.append("") }
            lines.append(deprecation.message.isEmpty ? "- Warning: Deprecated." : "- Warning: Deprecated. \(deprecation.message)")
        }
        if !lines.isEmpty { lines.append("") }
        lines.append("- Remark: Generated from `\(displayPath(info.location.file)):\(info.location.line)`.")
        return .documented(Documentation(lines), declaration)
    }

    /// `@available(*, deprecated, message: "…")`, or nothing.
    static func deprecationAttributes(_ info: DeclarationInfo) -> [String] {
        guard let deprecation = info.deprecation else { return [] }
        if deprecation.message.isEmpty { return ["@available(*, deprecated)"] }
        return ["@available(*, deprecated, message: \(SwiftRenderer.stringLiteral(deprecation.message)))"]
    }
}
