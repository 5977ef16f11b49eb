extension SchemaValidator {
    /// Embedded types that contain themselves through fields held inline (directly, optional or
    /// nullable): Swift cannot lay such a struct out. A cycle through a list or a map is fine,
    /// since those hold their elements out of line.
    ///
    /// Rejected rather than boxed: a box would be a reference inside a value model, with its own
    /// coding, equality and copy-on-write rules, for a shape Firestore nests at most 20 levels
    /// deep anyway; a list with `max_items: 1` says the same and works today.
    mutating func validateValueCycles() {
        let types = schema.embeddedTypes
        let byName = Dictionary(types.map { ($0.info.name, $0) }, uniquingKeysWith: { first, _ in first })
        /// The inline fields of a type that hold another embedded type.
        func edges(_ decl: ModelDecl) -> [(field: FieldDecl, target: String)] {
            decl.fields.compactMap { field in
                if case .named(let name) = field.type.value, byName[name] != nil { return (field, name) }
                return nil
            }
        }
        var reported: Set<Set<String>> = []
        var finished: Set<String> = []
        for start in types.sorted(by: { $0.info.location < $1.info.location }) {
            // Depth-first from each type, with the path of fields that led here.
            var path: [(type: String, field: FieldDecl)] = []
            var onPath: Set<String> = []
            func visit(_ name: String) {
                guard !finished.contains(name), let decl = byName[name] else { return }
                onPath.insert(name)
                for edge in edges(decl) {
                    path.append((name, edge.field))
                    if onPath.contains(edge.target) {
                        report(Array(path.drop { $0.type != edge.target }))
                    } else {
                        visit(edge.target)
                    }
                    path.removeLast()
                }
                onPath.remove(name)
                finished.insert(name)
            }
            func report(_ cycle: [(type: String, field: FieldDecl)]) {
                let members = Set(cycle.map(\.type))
                guard reported.insert(members).inserted, let first = cycle.first else { return }
                let route = cycle.map { "\($0.type).\($0.field.info.name)" }.joined(separator: " → ") + " → \(first.type)"
                let notes = cycle.dropFirst().map { Diagnostic.Note(message: "'\($0.type).\($0.field.info.name)' continues the cycle", location: $0.field.info.location) }
                diagnostics.error(.recursiveValueType, "embedded type '\(first.type)' contains itself (\(route)); Swift cannot lay out a value that contains itself",
                                  at: first.field.type.location,
                                  suggestion: "hold it in a list ('[\(cycle.count == 1 ? first.type : cycle[1].type)]' with max_items: 1) or a map, which store their elements out of line",
                                  notes: notes)
            }
            visit(start.info.name)
        }
    }
}
