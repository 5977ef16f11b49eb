/// Compares a schema set with the lock of an earlier one (``SchemaLockReader``) and reports every
/// change that breaks data stored under the earlier one as an error, and every change that
/// breaks only the Swift source that uses the generated code as a CANON119 warning.
///
/// Declarations are paired by what stores data, not by name: collections and keyspaces by name
/// (else by path or key pattern), their models and every type a field reaches through the
/// fields that hold them, fields by storage key (or a new field's alias of the old key), enum
/// values by raw value. So a renamed type, field or value that stores the same data is a source
/// change, and a change of what is stored is a data change under any name. Changes are located
/// in the new schemas; what is gone is located at its line in the lock.
public struct BreakingChanges {
    private let old: SchemaSet
    private let new: SchemaSet
    private var diagnostics: [Diagnostic] = []
    /// Type pairs compared already ("old new"), so that recursive and shared types are compared once.
    private var compared: Set<String> = []

    /// Every breaking change from `old` (a lock) to `new`, sorted by location.
    public static func find(old: SchemaSet, new: SchemaSet) -> [Diagnostic] {
        var comparison = BreakingChanges(old: old, new: new)
        comparison.compareStores()
        comparison.compareRemainingTypes()
        var seen: Set<Diagnostic> = []
        return comparison.diagnostics.filter { seen.insert($0).inserted }.sorted()
    }

    private init(old: SchemaSet, new: SchemaSet) {
        self.old = old
        self.new = new
    }

    private var newOwnFiles: [SchemaFile] { new.files.filter { $0.module == nil } }

    // MARK: - Collections and keyspaces

    private mutating func compareStores() {
        let collections = newOwnFiles.flatMap(\.collections)
        for before in old.collections {
            guard let after = collections.first(where: { $0.info.name == before.info.name })
                    ?? collections.first(where: { $0.path?.value.shape == before.path?.value.shape }) else {
                error(.collectionChanged, "collection '\(before.info.name)' (path '\(pathText(before))') is removed; the documents stored in it are no longer read",
                      at: before.info.location)
                continue
            }
            if after.info.name != before.info.name {
                sourceChange("collection '\(before.info.name)' is renamed '\(after.info.name)': its repository's Swift name changes", at: after.info.location)
            }
            if after.path?.value.shape != before.path?.value.shape {
                error(.collectionChanged, "collection '\(after.info.name)' moves from '\(pathText(before))' to '\(pathText(after))'; the documents stored at '\(pathText(before))' are no longer read",
                      at: after.path?.location ?? after.info.location)
            }
            if after.idStrategy != before.idStrategy {
                error(.collectionChanged, "collection '\(after.info.name)' changes its ID strategy from '\(before.idStrategy.rawValue)' to '\(after.idStrategy.rawValue)'; the IDs of stored documents were made the old way",
                      at: after.info.location)
            }
            compareModels(before.model.value, after.model.value, at: after.model.location)
            for query in before.queries {
                guard let match = after.queries.first(where: { $0.info.name == query.info.name }) else {
                    sourceChange("named query '\(query.info.name)' of collection '\(after.info.name)' is removed: its method is gone", at: after.info.location)
                    continue
                }
                if signature(match) != signature(query) {
                    sourceChange("named query '\(query.info.name)' of collection '\(after.info.name)' changes its parameters from (\(signature(query))) to (\(signature(match))): its method's callers change",
                                 at: match.info.location)
                }
            }
        }
        let keyspaces = newOwnFiles.flatMap(\.keyspaces)
        for before in old.keyspaces {
            let oldKey = storedKey(before, in: old)
            guard let after = keyspaces.first(where: { $0.info.name == before.info.name })
                    ?? keyspaces.first(where: { storedKey($0, in: new) == oldKey }) else {
                error(.keyPatternChanged, "Redis keyspace '\(before.info.name)' (keys '\(before.key?.value.description ?? "")') is removed; the values stored under its keys are no longer read",
                      at: before.info.location)
                continue
            }
            if after.info.name != before.info.name {
                sourceChange("Redis keyspace '\(before.info.name)' is renamed '\(after.info.name)': its store's Swift name changes", at: after.info.location)
            }
            if !sameKeys(before, after) {
                error(.keyPatternChanged, "Redis keyspace '\(after.info.name)' changes its keys from '\(before.key?.value.description ?? "")' to '\(after.key?.value.description ?? "")'; the values stored under the old keys are no longer read",
                      at: after.key?.location ?? after.info.location)
            }
            compareModels(before.model.value, after.model.value, at: after.model.location, storesID: true)
        }
    }

    /// Types of the lock that no store of the run reaches hold no data of its own (a library's
    /// are its own lock's business): only their removal is reported, as a source change.
    private mutating func compareRemainingTypes() {
        let reached = Set(compared.map { String($0.prefix { $0 != " " }) })
        for decl in old.enums where !reached.contains(decl.info.name) {
            if case .enumType? = new.lookup(decl.info.name) { continue }
            sourceChange("enum '\(decl.info.name)' is removed: its Swift type is gone", at: decl.info.location)
        }
        for decl in old.embeddedTypes + old.models where !reached.contains(decl.info.name) {
            switch new.lookup(decl.info.name) {
            case .embedded?, .model?: continue
            default: sourceChange("type '\(decl.info.name)' is removed: its Swift type is gone", at: decl.info.location)
            }
        }
    }

    // MARK: - Types

    private mutating func compareModels(_ before: String, _ after: String, at location: SourceLocation, storesID: Bool = false) {
        switch (old.lookup(before), new.lookup(after)) {
        case (.model(let oldDecl, _)?, .model(let newDecl, _)?), (.embedded(let oldDecl, _)?, .embedded(let newDecl, _)?):
            compareFields(oldDecl, newDecl, storesID: storesID)
        default:
            error(.fieldRetyped, "the stored model changes from '\(before)' to '\(after)', which is not a model of the same kind", at: location)
        }
    }

    /// `storesID`: the models of Redis keyspaces keep their ID in the stored value; a document's ID
    /// is its name, compared with the collection.
    private mutating func compareFields(_ before: ModelDecl, _ after: ModelDecl, storesID: Bool = false) {
        guard compared.insert("\(before.info.name) \(after.info.name)\(storesID ? " id" : "")").inserted else { return }
        if after.info.name != before.info.name, !compared.contains("\(before.info.name) \(after.info.name)\(storesID ? "" : " id")") {
            sourceChange("type '\(before.info.name)' is renamed '\(after.info.name)': its Swift name changes", at: after.info.location)
        }
        var matched: Set<String> = []
        for field in before.fields where storesID || !field.isID {
            let key = field.storageKey.value
            let lockNote = [Diagnostic.Note(message: "the lock's '\(field.info.name)'", location: field.info.location)]
            let match: FieldDecl
            if let found = after.fields.first(where: { (storesID || !$0.isID) && ($0.storageKey.value == key || $0.aliases.contains { $0.value == key }) }) {
                match = found
            } else if let renamedKey = after.fields.first(where: { (storesID || !$0.isID) && $0.info.name == field.info.name }) {
                error(.storageKeyChanged, "field '\(field.info.name)' of '\(after.info.name)' is now stored under '\(renamedKey.storageKey.value)', not '\(key)'; the values stored under '\(key)' are no longer read",
                      at: renamedKey.storageKey.location, suggestion: "add 'aliases: [\(key)]' to read them", notes: lockNote)
                match = renamedKey
            } else {
                error(.fieldRemoved, "field '\(field.info.name)' (key '\(key)') is removed from '\(after.info.name)'; the values stored under '\(key)' are no longer read, and a save drops them",
                      at: after.info.location, notes: lockNote)
                continue
            }
            // Older keys the lock read stay readable: data written under them may still be there.
            let readable = Set([match.storageKey.value] + match.aliases.map(\.value))
            for alias in field.aliases where !readable.contains(alias.value) {
                error(.storageKeyChanged, "field '\(match.info.name)' of '\(after.info.name)' no longer reads its old key '\(alias.value)'; the values stored under it are no longer read",
                      at: match.info.location, suggestion: "keep '\(alias.value)' in its 'aliases:'", notes: lockNote)
            }
            matched.insert(match.info.name)
            compareField(field, match, in: after.info.name)
        }
        // Keys the lock's model reserved or read as aliases hold old values of another meaning.
        let retired = Set(before.reservedKeys.map(\.value) + before.fields.flatMap { $0.aliases.map(\.value) })
        for field in after.fields where (storesID || !field.isID) && !matched.contains(field.info.name) {
            if retired.contains(field.storageKey.value) {
                error(.reservedValueReused, "field '\(field.info.name)' of '\(after.info.name)' is stored under '\(field.storageKey.value)', a key the lock reserves or reads as an old key; stored documents may hold old values there",
                      at: field.storageKey.location)
            } else if !field.mayBeAbsent {
                error(.fieldMadeRequired, "new field '\(field.info.name)' of '\(after.info.name)' is required and has no default; documents stored without it no longer decode",
                      at: field.info.location, suggestion: "make it 'optional: true' or give it a 'default:'")
            }
        }
    }

    private mutating func compareField(_ before: FieldDecl, _ after: FieldDecl, in model: String) {
        let name = "field '\(after.info.name)' of '\(model)'"
        if after.info.name != before.info.name {
            sourceChange("field '\(before.info.name)' of '\(model)' is renamed '\(after.info.name)': its Swift property changes", at: after.info.location)
        }
        if !compatible(before.type.value, after.type.value) {
            error(.fieldRetyped, "\(name) changes type from '\(before.type.value)' to '\(after.type.value)'; stored values no longer decode",
                  at: after.type.location)
        }
        if before.mayBeAbsent && !after.mayBeAbsent {
            error(.fieldMadeRequired, "\(name) is now required; documents stored without it no longer decode",
                  at: after.info.location, suggestion: "keep it optional, or give it a 'default:'")
        } else if before.isNullable && !after.isNullable && !after.mayBeAbsent {
            // An optional field reads a stored null as absent, a defaulted one as its default.
            error(.fieldMadeRequired, "\(name) is no longer nullable; documents that store null there no longer decode", at: after.info.location)
        }
        compareConstraints(before.constraints, after.constraints, field: name)
    }

    private mutating func compareConstraints(_ before: Constraints, _ after: Constraints, field: String) {
        func tightened(_ what: String, _ from: String?, _ to: String, at location: SourceLocation) -> Diagnostic {
            .error(.constraintTightened,
                   "'\(what)' of \(field) \(from.map { "tightens from \($0) to \(to)" } ?? "is new (\(to))"); stored values may violate it, and their documents then fail validation when saved",
                   at: location)
        }
        if let bound = after.min, before.min.map({ !bound.value.allows(atLeast: $0.value) }) ?? true {
            diagnostics.append(tightened("min", before.min?.value.description, bound.value.description, at: bound.location))
        }
        if let bound = after.max, before.max.map({ !$0.value.allows(atLeast: bound.value) }) ?? true {
            diagnostics.append(tightened("max", before.max?.value.description, bound.value.description, at: bound.location))
        }
        for (what, path) in [("min_length", \Constraints.minLength), ("min_items", \Constraints.minItems)] {
            if let bound = after[keyPath: path], bound.value > (before[keyPath: path]?.value ?? 0) {
                diagnostics.append(tightened(what, before[keyPath: path].map { String($0.value) }, String(bound.value), at: bound.location))
            }
        }
        for (what, path) in [("max_length", \Constraints.maxLength), ("max_items", \Constraints.maxItems)] {
            if let bound = after[keyPath: path], bound.value < (before[keyPath: path]?.value ?? .max) {
                diagnostics.append(tightened(what, before[keyPath: path].map { String($0.value) }, String(bound.value), at: bound.location))
            }
        }
        if let pattern = after.pattern, pattern.value != before.pattern?.value {
            diagnostics.append(tightened("pattern", before.pattern.map { "'\($0.value)'" }, "'\(pattern.value)'", at: pattern.location))
        }
    }

    /// Whether values stored as `before` decode as `after`; pairs the named types it meets.
    private mutating func compatible(_ before: FieldType, _ after: FieldType) -> Bool {
        switch (before, after) {
        case (.builtin(let a), .builtin(let b)):
            return a == b
        case (.array(let a), .array(let b)), (.map(let a), .map(let b)):
            return compatible(a, b)
        case (.reference(let a), .reference(let b)):
            // A reference stores the document's path: the collections' paths must agree, unless
            // it is the same collection, whose move is reported on the collection itself.
            return a == b || old.collection(named: a)?.path?.value.shape == new.collection(named: b)?.path?.value.shape
        case (.named(let a), .named(let b)):
            switch (old.lookup(a), new.lookup(b)) {
            case (.enumType(let oldDecl, _)?, .enumType(let newDecl, _)?):
                compareEnums(oldDecl, newDecl)
                return true
            case (.embedded(let oldDecl, _)?, .embedded(let newDecl, _)?):
                compareFields(oldDecl, newDecl)
                return true
            default:
                return false
            }
        default:
            return false
        }
    }

    private mutating func compareEnums(_ before: EnumDecl, _ after: EnumDecl) {
        guard compared.insert("\(before.info.name) \(after.info.name)").inserted else { return }
        if after.info.name != before.info.name {
            sourceChange("enum '\(before.info.name)' is renamed '\(after.info.name)': its Swift name changes", at: after.info.location)
        }
        guard after.rawType == before.rawType else {
            error(.enumValueRemoved, "enum '\(after.info.name)' changes its raw values from \(before.rawType.rawValue) to \(after.rawType.rawValue); stored values no longer decode",
                  at: after.info.location)
            return
        }
        if before.isOpen && !after.isOpen {
            error(.enumValueRemoved, "enum '\(after.info.name)' is no longer open; stored values it does not list no longer decode", at: after.info.location)
        }
        for value in before.cases {
            guard let match = after.cases.first(where: { $0.rawValue.value == value.rawValue.value }) else {
                let raw = SchemaLock.scalar(value.rawValue.value)
                error(.enumValueRemoved,
                      "value '\(value.info.name)' (\(raw)) is removed from enum '\(after.info.name)'; stored \(raw) values \(after.isOpen ? "now read as unknown" : "no longer decode")",
                      at: after.info.location, suggestion: "keep the value (deprecated if it is no longer written)",
                      notes: [Diagnostic.Note(message: "the lock's '\(value.info.name)'", location: value.info.location)])
                continue
            }
            if match.info.name != value.info.name {
                sourceChange("value '\(value.info.name)' of enum '\(after.info.name)' is renamed '\(match.info.name)': its Swift case changes", at: match.info.location)
            }
        }
        for value in after.cases where before.reserved.contains(where: { $0.value == value.rawValue.value }) {
            error(.reservedValueReused, "value '\(value.info.name)' of enum '\(after.info.name)' uses \(SchemaLock.scalar(value.rawValue.value)), which the lock reserves; stored values of the retired meaning would read as this one",
                  at: value.rawValue.location)
        }
    }

    // MARK: - Support

    /// A keyspace's key pattern with each placeholder written as the storage key of its field:
    /// what the keys stored under it look like, whatever the fields are called.
    private func storedKey(_ keyspace: KeyspaceDecl, in set: SchemaSet) -> String {
        zip(keyspace.key?.value.parts ?? [], placeholders(keyspace, in: set)).map { part, keys in
            if case .literal(let text) = part { return text }
            return "{\(keys?.first ?? "")}"
        }.joined()
    }

    /// Each part of the pattern: nil for literal text, or the keys its field reads (its storage
    /// key first, then its aliases).
    private func placeholders(_ keyspace: KeyspaceDecl, in set: SchemaSet) -> [[String]?] {
        let model: ModelDecl? = if case .model(let decl, _)? = set.lookup(keyspace.model.value) { decl } else { nil }
        return (keyspace.key?.value.parts ?? []).map {
            switch $0 {
            case .literal: nil
            case .field(let name):
                model?.field(named: name.value).map { [$0.storageKey.value] + $0.aliases.map(\.value) } ?? [name.value]
            }
        }
    }

    /// Whether keys built by the lock's pattern are the keys the new one builds: the same text,
    /// and each placeholder the new field that holds the lock's field's values (paired by key or
    /// alias, else by name): a key holds field values, not storage keys.
    private func sameKeys(_ before: KeyspaceDecl, _ after: KeyspaceDecl) -> Bool {
        let shape = { (keyspace: KeyspaceDecl) -> [String] in
            keyspace.key?.value.parts.map { part -> String in if case .literal(let text) = part { text } else { "{}" } } ?? []
        }
        guard shape(before) == shape(after) else { return false }
        let model = { (set: SchemaSet, name: String) -> ModelDecl? in
            if case .model(let decl, _)? = set.lookup(name) { decl } else { nil }
        }
        let oldModel = model(old, before.model.value)
        let newModel = model(new, after.model.value)
        let fields = { (keyspace: KeyspaceDecl) -> [String] in
            keyspace.key?.value.parts.compactMap { if case .field(let name) = $0 { name.value } else { nil } } ?? []
        }
        return zip(fields(before), fields(after)).allSatisfy { oldName, newName in
            guard let oldField = oldModel?.field(named: oldName), let newModel else { return oldName == newName }
            return Self.counterpart(of: oldField, in: newModel)?.info.name == newName
        }
    }

    /// The field of `model` that holds what `field` held: the one reading its storage key (as
    /// its key or an alias), else the one of the same name.
    private static func counterpart(of field: FieldDecl, in model: ModelDecl) -> FieldDecl? {
        let key = field.storageKey.value
        return model.fields.first { $0.storageKey.value == key || $0.aliases.contains { $0.value == key } }
            ?? model.fields.first { $0.info.name == field.info.name }
    }

    private func signature(_ query: QueryDecl) -> String {
        query.parameters.map { "\($0.name.value): \($0.type.value)" }.joined(separator: ", ")
    }

    private func pathText(_ collection: CollectionDecl) -> String { collection.path?.value.description ?? "" }

    private mutating func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation,
                                suggestion: String? = nil, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.error(code, message, at: location, suggestion: suggestion, notes: notes))
    }

    private mutating func sourceChange(_ message: String, at location: SourceLocation) {
        diagnostics.append(.warning(.sourceBreakingChange, message, at: location))
    }
}
