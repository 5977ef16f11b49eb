import FirestoreNaming

extension SchemaValidator {
    /// A model or embedded type: member names, types, identity, audit fields, storage keys,
    /// defaults and constraints.
    mutating func validateModel(_ decl: ModelDecl, scope: Scope) {
        checkMemberNames(decl.fields.map { ($0.info, $0.swiftName) }, kind: "field")
        var idField: FieldDecl?
        var auditKinds: [AuditKind: SourceLocation] = [:]
        for field in decl.fields {
            let resolved = resolve(field.type, scope: scope)
            validateIdentity(field, in: decl, first: &idField)
            validateAudit(field, in: decl, seen: &auditKinds)
            validateServerTime(field, in: decl)
            if resolved {
                validateConstraints(field)
                validateDefault(field)
            }
        }
        validateStorageKeys(decl)
    }

    private mutating func validateIdentity(_ field: FieldDecl, in decl: ModelDecl, first: inout FieldDecl?) {
        if field.isID {
            if decl.role == .embedded {
                diagnostics.error(.misplacedID, "embedded type '\(decl.info.name)' cannot have an 'id' field; only models have document IDs",
                                  at: field.type.location)
            } else if let earlier = first {
                diagnostics.error(.multipleIDs, "model '\(decl.info.name)' has a second 'id' field '\(field.info.name)'",
                                  at: field.type.location,
                                  notes: [.init(message: "the first 'id' field is '\(earlier.info.name)'", location: earlier.info.location)])
            } else {
                first = field
            }
            if field.isOptional || field.isNullable {
                diagnostics.error(.misplacedID, "the ID field '\(field.info.name)' cannot be optional or nullable; every document has an ID",
                                  at: field.info.location)
            }
            if field.storageKey.value != Naming.snakeCase(field.info.name) || !field.aliases.isEmpty {
                diagnostics.error(.misplacedID, "the ID field '\(field.info.name)' is the document's name, not a stored key; drop 'key' and 'aliases'",
                                  at: field.storageKey.location)
            }
            if let value = field.defaultValue {
                diagnostics.error(.defaultNotAllowed, "the ID field '\(field.info.name)' cannot have a default", at: value.location)
            }
        } else if field.type.value.contains(.builtin(.id)) {
            diagnostics.error(.misplacedID, "'id' can only be the type of a model's own ID field, not part of '\(field.type.value)'",
                              at: field.type.location, suggestion: "to point at another document, use 'ref<collection>'")
        }
    }

    private mutating func validateAudit(_ field: FieldDecl, in decl: ModelDecl, seen: inout [AuditKind: SourceLocation]) {
        guard let audit = field.audit else { return }
        if decl.role == .embedded {
            diagnostics.error(.misplacedAuditField, "audit fields belong on models; the runtime cannot fill '\(field.info.name)' inside embedded type '\(decl.info.name)'",
                              at: audit.location)
            return
        }
        if field.type.value != .builtin(audit.value.requiredType) {
            diagnostics.error(.auditFieldType, "audit field '\(field.info.name)' (audit: \(audit.value.rawValue)) must be of type '\(audit.value.requiredType.rawValue)', not '\(field.type.value)'",
                              at: field.type.location)
        }
        if field.isOptional || field.isNullable || field.defaultValue != nil {
            diagnostics.error(.misplacedAuditField, "audit field '\(field.info.name)' is filled by the runtime; drop 'optional', 'nullable' and 'default'",
                              at: audit.location)
        }
        if let earlier = seen[audit.value] {
            diagnostics.error(.misplacedAuditField, "model '\(decl.info.name)' has a second '\(audit.value.rawValue)' audit field",
                              at: audit.location, notes: [.init(message: "the first one is here", location: earlier)])
        } else {
            seen[audit.value] = audit.location
        }
    }

    /// `server_time: true`: a model's own timestamp field whose nil the write turns into the
    /// server's time, so it cannot also be absent, null, defaulted or an audit field.
    private mutating func validateServerTime(_ field: FieldDecl, in decl: ModelDecl) {
        guard let location = field.serverTime else { return }
        if decl.role == .embedded {
            diagnostics.error(.misplacedServerTime, "'server_time' belongs on a model's own fields; '\(field.info.name)' is inside embedded type '\(decl.info.name)'",
                              at: location)
        } else if field.type.value != .builtin(.timestamp) {
            diagnostics.error(.misplacedServerTime, "'server_time' needs a 'timestamp' field; '\(field.info.name)' is '\(field.type.value)'", at: location)
        } else if field.audit != nil {
            diagnostics.error(.misplacedServerTime, "audit field '\(field.info.name)' is set to the server's time already; drop 'server_time'", at: location)
        } else if !schema.collections.contains(where: { $0.model.value == decl.info.name }) {
            diagnostics.error(.misplacedServerTime, "'server_time' is set by Firestore writes; no collection stores '\(decl.info.name)'", at: location)
        } else if field.isOptional || field.isNullable || field.defaultValue != nil {
            diagnostics.error(.misplacedServerTime, "'\(field.info.name)' has 'server_time': nil means the server's time, so it cannot be optional, nullable or defaulted",
                              at: location)
        }
    }

    /// Keys Firestore accepts, no two fields (or aliases) on one key, no reserved key reused.
    private mutating func validateStorageKeys(_ decl: ModelDecl) {
        var owners: [String: (field: String, location: SourceLocation)] = [:]
        let reserved = Dictionary(decl.reservedKeys.map { ($0.value, $0.location) }, uniquingKeysWith: { first, _ in first })
        for field in decl.fields where !field.isID {
            let key = field.storageKey
            if let problem = FirestoreNames.problem(withFieldName: key.value) {
                diagnostics.error(.invalidStorageKey, "storage key '\(key.value.truncatedForMessage)' of field '\(field.info.name)' \(problem)",
                                  at: key.location)
            }
            if let reservedAt = reserved[key.value] {
                diagnostics.error(.reservedKeyReused, "field '\(field.info.name)' uses the reserved key '\(key.value)'", at: key.location,
                                  notes: [.init(message: "'\(key.value)' is reserved here", location: reservedAt)])
            }
            if let owner = owners[key.value] {
                diagnostics.error(.storageKeyCollision, "field '\(field.info.name)' stores under '\(key.value)', as '\(owner.field)' does",
                                  at: key.location, suggestion: "give one of them a different 'key:'",
                                  notes: [.init(message: "'\(owner.field)' uses the key here", location: owner.location)])
            } else {
                owners[key.value] = (field.info.name, key.location)
            }
        }
        for field in decl.fields where !field.isID {
            var own: Set<String> = [field.storageKey.value]
            for alias in field.aliases {
                if let problem = FirestoreNames.problem(withFieldName: alias.value) {
                    diagnostics.error(.invalidStorageKey, "alias '\(alias.value.truncatedForMessage)' of field '\(field.info.name)' \(problem)",
                                      at: alias.location)
                } else if !own.insert(alias.value).inserted {
                    diagnostics.error(.invalidAlias, "alias '\(alias.value)' of field '\(field.info.name)' repeats its key or another alias",
                                      at: alias.location)
                } else if let owner = owners[alias.value] {
                    diagnostics.error(.invalidAlias, "alias '\(alias.value)' of field '\(field.info.name)' is the key of field '\(owner.field)'",
                                      at: alias.location, notes: [.init(message: "'\(owner.field)' uses the key here", location: owner.location)])
                } else {
                    owners[alias.value] = (field.info.name, alias.location)
                }
                if let reservedAt = reserved[alias.value] {
                    diagnostics.error(.reservedKeyReused, "alias '\(alias.value)' of field '\(field.info.name)' is a reserved key",
                                      at: alias.location, notes: [.init(message: "'\(alias.value)' is reserved here", location: reservedAt)])
                }
            }
        }
    }
}

extension FieldType {
    /// Whether `type` appears anywhere in this expression.
    func contains(_ type: FieldType) -> Bool {
        if self == type { return true }
        switch self {
        case .array(let element), .map(let element): return element.contains(type)
        default: return false
        }
    }
}

extension String {
    /// Long keys shortened, so a 2,000-byte key does not flood the terminal.
    var truncatedForMessage: String {
        count > 40 ? prefix(37) + "..." : self
    }
}
