/// The changes of a partial update, named by key path so that a wrong field or a value of the
/// wrong type does not compile: only the fields given change, in one request.
///
/// ```swift
/// try await casefiles.update(id) { change in
///     change.set(\.status, to: .inReview)
///     change.setToServerTime(\.dueAt)          // timestamps only: the server's time of the write
///     change.increment(\.priority, by: 1)        // numbers only
///     change.append(\.tags, ["escalated"])       // arrays only: added if missing
///     change.remove(\.closedAt)                  // optionals only: the field is deleted
/// }
/// ```
public struct FieldUpdates<Model: FirestoreStorable>: Sendable {
    enum Change: Sendable {
        case set(any Encodable & Sendable)
        case delete
        /// A server-side change: a sentinel of ``WriteValue``.
        case transform(@Sendable (FirestoreEncoder) throws -> WriteValue)
    }

    var changes: [(field: ModelField<Model>, change: Change)] = []
    /// Constraint violations of the values set, thrown before anything is sent.
    var violations: [ValidationError] = []

    init() {}

    private mutating func add(_ keyPath: PartialKeyPath<Model>, _ change: Change) {
        changes.append((ModelField(keyPath), change))
    }

    /// Sets a field to a value of its own type.
    public mutating func set<Value: Encodable & Sendable>(_ keyPath: WritableKeyPath<Model, Value>, to value: Value) {
        add(keyPath, .set(value))
        do {
            try Model.validate(value, at: keyPath)
        } catch let error as ValidationError {
            violations.append(error)
        } catch {
            violations.append(ValidationError(typeName: "\(Model.self)", issues: [.init(path: "\(keyPath)", constraint: "valid", message: "\(error)")]))
        }
    }

    /// Deletes an optional field; a `server_time` field, never absent, is set to the server's time.
    public mutating func remove<Value>(_ keyPath: WritableKeyPath<Model, Value?>) {
        add(keyPath, .delete)
    }

    /// Sets a timestamp field to the server's time of the write.
    public mutating func setToServerTime(_ keyPath: WritableKeyPath<Model, Timestamp>) {
        add(keyPath, .transform { _ in .serverTimestamp })
    }

    /// Sets an optional timestamp field to the server's time of the write.
    public mutating func setToServerTime(_ keyPath: WritableKeyPath<Model, Timestamp?>) {
        add(keyPath, .transform { _ in .serverTimestamp })
    }

    /// Adds to a number on the server (no read, no lost update).
    public mutating func increment<Value: Numeric & Encodable & Sendable>(_ keyPath: WritableKeyPath<Model, Value>, by amount: Value) {
        add(keyPath, .transform { encoder in .increment(try encoder.encodeValue(amount)) })
    }

    /// Appends the elements an array does not hold yet, on the server.
    public mutating func append<Element: Encodable & Sendable>(_ keyPath: WritableKeyPath<Model, [Element]>, _ elements: [Element]) {
        add(keyPath, .transform { encoder in
            guard case .array(let values) = try encoder.encodeValue(elements) else { return .arrayUnion([]) }
            return .arrayUnion(values)
        })
    }

    /// Removes every occurrence of the elements from an array, on the server.
    public mutating func remove<Element: Encodable & Sendable>(_ keyPath: WritableKeyPath<Model, [Element]>, elements: [Element]) {
        add(keyPath, .transform { encoder in
            guard case .array(let values) = try encoder.encodeValue(elements) else { return .arrayRemove([]) }
            return .arrayRemove(values)
        })
    }
}

extension FirestoreRepository {
    /// Changes only the given fields of an existing document, in one request
    /// (``RepositoryError/notFound(id:)`` if it does not exist). Audit fields are updated as on
    /// every write. Types are checked at compile time, and each value set against its field's
    /// constraints before anything is sent (increments and array changes happen on the server,
    /// so their results are not checked); a field named twice, or inside another named field,
    /// throws ``WriteError``, as every Firestore client refuses it.
    public func update(_ id: Model.ID, _ build: (inout FieldUpdates<Model>) throws -> Void) async throws {
        var updates = FieldUpdates<Model>()
        try build(&updates)
        do {
            _ = try await client.commit(writes: [try updateWrite(id, updates)])
        } catch let error as FirestoreError where error.statusName == "NOT_FOUND" {
            throw RepositoryError.notFound(id: id.rawValue)
        }
    }

    /// The write of a partial update of an existing document.
    func updateWrite(_ id: Model.ID, _ updates: FieldUpdates<Model>) throws -> Write {
        let name = try name(of: id)
        // Swift cannot tell `\.id` from another key path of its shape at compile time.
        if updates.changes.contains(where: \.field.isDocumentID) { throw RepositoryError.documentIDWrite }
        if let first = updates.violations.first {
            throw ValidationError(typeName: first.typeName, issues: updates.violations.flatMap(\.issues))
        }
        var fields: [(FieldPath, WriteValue)] = []
        let audit = Model.auditKeys
        for (field, change) in updates.changes {
            let path = try field.stored()
            let keys = path.keys
            guard keys.count > 1 || !audit.all.contains(keys[0]) else { throw RepositoryError.auditFieldWrite(keys[0]) }
            switch change {
            case .set(let value):
                // nil as a whole-model write stores it: null for a nullable field, no key for an
                // optional one.
                if let encoded = try Self.encodeUnlessNil(value, encoder) {
                    fields.append((FieldPath(keys), .value(encoded)))
                } else if keys.count == 1, Model.serverTimestampKeys.contains(keys[0]) {
                    fields.append((FieldPath(keys), .serverTimestamp))  // as a whole-model write stores it
                } else {
                    fields.append((FieldPath(keys), path.writesNilAsNull ? .value(.null) : .delete))
                }
            case .delete where keys.count == 1 && Model.serverTimestampKeys.contains(keys[0]):
                fields.append((FieldPath(keys), .serverTimestamp))  // a server_time field is never absent
            case .delete:
                fields.append((FieldPath(keys), .delete))
            case .transform(let sentinel):
                fields.append((FieldPath(keys), try sentinel(encoder)))
            }
        }
        var auditData: [String: WriteValue] = [:]
        self.audit(&auditData, creating: false)
        // A write without a context removes the previous writer's values (the same rule as
        // every other write path; see PersistenceContext).
        for key in [audit.updatedBy, audit.requestID].compactMap({ $0 }) where auditData[key] == nil { auditData[key] = .delete }
        fields += auditData.sorted { $0.key < $1.key }.map { (FieldPath([$0.key]), $0.value) }
        return try WriteBuilder().update(name: name, fields: fields, precondition: Precondition(exists: true))
    }

    private static func encodeUnlessNil(_ value: any Encodable, _ encoder: FirestoreEncoder) throws -> FirestoreValue? {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional, mirror.children.isEmpty { return nil }
        return try encoder.encodeValue(value)
    }
}
