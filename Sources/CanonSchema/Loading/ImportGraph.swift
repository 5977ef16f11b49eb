/// The files of a set and what each imports: finds cycles and what each file can see.
struct ImportGraph {
    private let edges: [String: [SchemaFile.Import]]

    init(_ schema: SchemaSet) {
        var edges: [String: [SchemaFile.Import]] = [:]
        for file in schema.files { edges[file.path] = file.imports }
        self.edges = edges
    }

    /// The files `path` can see: itself and everything it imports, directly or not.
    func visibleFiles(from path: String) -> Set<String> {
        var seen: Set<String> = [path]
        var stack = [path]
        while let next = stack.popLast() {
            for entry in edges[next] ?? [] where seen.insert(entry.resolvedPath).inserted {
                stack.append(entry.resolvedPath)
            }
        }
        return seen
    }

    /// One diagnostic per import cycle, at the import that closes it.
    func cycleDiagnostics() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var reported: Set<[String]> = []
        var state: [String: Bool] = [:]  // false: on the stack, true: done
        var stack: [String] = []

        func visit(_ path: String) {
            state[path] = false
            stack.append(path)
            for entry in edges[path] ?? [] {
                let target = entry.resolvedPath
                switch state[target] {
                case nil:
                    visit(target)
                case false?:
                    let cycle = Array(stack[stack.lastIndex(of: target)!...])
                    if reported.insert(cycle.sorted()).inserted {
                        let chain = (cycle + [target]).joined(separator: " → ")
                        diagnostics.append(cycle.count == 1
                            ? .error(.importCycle, "'\(target)' imports itself", at: entry.written.location,
                                     suggestion: "remove the import")
                            : .error(.importCycle, "import cycle: \(chain)", at: entry.written.location,
                                     suggestion: "move the shared declarations into a file both import"))
                    }
                case true?:
                    break
                }
            }
            stack.removeLast()
            state[path] = true
        }
        for path in edges.keys.sorted() where state[path] == nil { visit(path) }
        return diagnostics
    }
}
