extension SchemaValidator {
    /// Type names: UpperCamelCase, not shadowing Swift or Canon types, unique across the set.
    mutating func validateTypeNames() {
        // Each collection's and keyspace's repository is a type of the generated module too.
        let stores = schema.collections.map(\.info) + schema.keyspaces.map(\.info)
        // A subcollection's group type is one too.
        let groups = schema.collections.filter { ($0.path?.value.segments.count ?? 0) > 1 }.map { (Naming.groupTypeName($0.info.name), $0.info) }
        let repositories = Dictionary(stores.map { (Naming.repositoryTypeName($0.name), $0) } + groups, uniquingKeysWith: { first, _ in first })
        var first: [String: SourceLocation] = [:]
        for file in schema.files {
            let infos = file.enums.map(\.info) + file.embeddedTypes.map(\.info) + file.models.map(\.info)
            for info in infos.sorted(by: { $0.location < $1.location }) {
                if !Naming.isTypeName(info.name) {
                    diagnostics.error(.invalidName, "type name '\(info.name)' must be UpperCamelCase (letters and digits)",
                                      at: info.location, suggestion: suggestedTypeName(info.name))
                } else if SwiftNames.reservedTypeNames.contains(info.name) {
                    diagnostics.error(.shadowedTypeName,
                                      "type name '\(info.name)' would shadow the Swift or Canon type of that name",
                                      at: info.location)
                } else if let store = repositories[info.name] {
                    diagnostics.error(.shadowedTypeName, "type name '\(info.name)' is the name of a type generated for '\(store.name)'",
                                      at: info.location, notes: [.init(message: "'\(store.name)' is declared here", location: store.location)])
                }
                if let earlier = first[info.name] {
                    diagnostics.error(.duplicateName, "type '\(info.name)' is declared more than once", at: info.location,
                                      notes: [.init(message: "'\(info.name)' is first declared here", location: earlier)])
                } else {
                    first[info.name] = info.location
                }
            }
        }
    }

    /// Collection and keyspace names: lowerCamelCase, not keywords, unique across the set.
    mutating func validateStoreNames() {
        var first: [String: SourceLocation] = [:]
        for file in schema.files {
            let infos = file.collections.map { ($0.info, "collection") } + file.keyspaces.map { ($0.info, "Redis keyspace") }
            for (info, kind) in infos.sorted(by: { $0.0.location < $1.0.location }) {
                checkMemberName(info, kind: kind, camelOnly: true)
                // Every collection (a subcollection's is its group) and keyspace gets an
                // accessor on CanonPersistence.
                if Naming.isLowerCamelName(info.name), SwiftNames.persistenceMembers.contains(info.name) {
                    diagnostics.error(.reservedSwiftName,
                                      "\(kind) name '\(info.name)' would be the accessor 'persistence.\(info.name)', which CanonPersistence already has",
                                      at: info.location)
                }
                if let earlier = first[info.name] {
                    diagnostics.error(.duplicateStoreName,
                                      "'\(info.name)' names more than one collection or Redis keyspace", at: info.location,
                                      notes: [.init(message: "'\(info.name)' is first declared here", location: earlier)])
                } else {
                    first[info.name] = info.location
                }
            }
        }
    }

    /// Member names within one declaration: the naming rule, not a keyword, and no two that
    /// become the same Swift identifier.
    mutating func checkMemberNames(_ members: [(info: DeclarationInfo, swiftName: String)], kind: String,
                                   reserved: Set<String> = SwiftNames.modelMembers) {
        var seen: [String: DeclarationInfo] = [:]
        for member in members {
            checkMemberName(member.info, kind: kind, swiftName: member.swiftName, reserved: reserved)
            if let earlier = seen[member.swiftName], earlier.name != member.info.name {
                diagnostics.error(.swiftNameCollision,
                                  "\(kind) '\(member.info.name)' and '\(earlier.name)' both become '\(member.swiftName)' in Swift",
                                  at: member.info.location,
                                  notes: [.init(message: "'\(earlier.name)' is declared here", location: earlier.location)])
            } else {
                seen[member.swiftName] = member.info
            }
        }
    }

    mutating func checkMemberName(_ info: DeclarationInfo, kind: String, swiftName: String? = nil, camelOnly: Bool = false,
                                  reserved: Set<String> = []) {
        let valid = camelOnly ? Naming.isLowerCamelName(info.name) : Naming.isMemberName(info.name)
        if !valid {
            let rule = camelOnly ? "lowerCamelCase" : "snake_case or lowerCamelCase"
            diagnostics.error(.invalidName, "\(kind) name '\(info.name)' must be \(rule), starting with a lowercase letter",
                              at: info.location)
            return
        }
        let swift = swiftName ?? info.name
        if SwiftNames.keywords.contains(swift) {
            // Only fields have a storage key that can keep the old name.
            diagnostics.error(.reservedSwiftName, "\(kind) name '\(info.name)' becomes the Swift keyword '\(swift)'",
                              at: info.location, suggestion: kind == "field" ? "rename it, and keep the stored key with 'key: \(info.name)'" : nil)
        } else if reserved.contains(swift) {
            diagnostics.error(.reservedSwiftName,
                              "\(kind) name '\(info.name)' becomes '\(swift)', which the generated code defines itself",
                              at: info.location)
        }
    }

    private func suggestedTypeName(_ name: String) -> String? {
        let camel = Naming.lowerCamelCase(name)
        guard let first = camel.first else { return nil }
        let candidate = first.uppercased() + camel.dropFirst()
        return Naming.isTypeName(candidate) ? "did you mean '\(candidate)'?" : nil
    }
}
