/// Resolves import paths relative to the importing file, without touching the file system.
enum PathResolution {
    /// `imports: [common.yaml]` in `Schemas/casefile.yaml` → `Schemas/common.yaml`.
    static func resolve(_ written: String, relativeTo importer: String) -> String {
        if written.hasPrefix("/") { return normalize(written) }
        let folder = importer.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return normalize(folder.isEmpty ? written : folder + "/" + written)
    }

    /// Removes `.` segments and folds `..` into its parent where there is one.
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
