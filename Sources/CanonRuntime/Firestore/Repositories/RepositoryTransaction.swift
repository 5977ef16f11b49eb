/// Typed reads and writes across repositories inside one Firestore transaction: reads first,
/// then writes, which commit together or not at all.
///
/// ```swift
/// try await client.transaction { tx in
///     guard var casefile = try await tx.get(id, in: casefiles) else { return }
///     casefile.status = .closed
///     try tx.save(casefile, in: casefiles)
///     try tx.create(AuditEvent(casefileId: id.rawValue, action: .closed, actor: user), in: auditEvents)
/// }
/// ```
public struct RepositoryTransaction: RepositoryWrites, Sendable {
    var transaction: Transaction
    /// What this transaction read, by document name (nil: the document did not exist).
    private var reads: [String: FirestoreDocument?] = [:]

    init(_ transaction: Transaction) { self.transaction = transaction }

    /// Reads a model as of the transaction; a concurrent change to it aborts and retries the
    /// transaction.
    public mutating func get<Collection: FirestoreCollection>(_ id: Collection.Model.ID, in collection: Collection) async throws -> Collection.Model? {
        let name = try collection.base.name(of: id)
        let document = try await transaction.get(name)
        reads[name] = .some(document)
        return try document.map { try collection.base.decoder.decode(Collection.Model.self, from: $0) }
    }

    /// One page of a typed query as of the transaction; a document that starts or stops
    /// matching before the commit aborts (and retries) the transaction.
    public func page<Collection: FirestoreCollection>(_ query: TypedQuery<Collection.Model>, in collection: Collection,
                                                      after cursor: QueryCursor? = nil) async throws -> QueryPage<Collection.Model> {
        try await collection.base.run(query).page(limit: nil, after: cursor) { structured, parent in
            try await transaction.query(structured, parent: parent)
        }
    }

    /// Stores a model when the transaction commits. Over a document this transaction read, the
    /// read version is a precondition and its creation audit fields are kept; otherwise it is an
    /// upsert of the model's stored fields.
    public mutating func save<Collection: FirestoreCollection>(_ model: Collection.Model, in collection: Collection) throws {
        // An unassigned ID: a new document, as `save` makes one.
        if model.id.rawValue.isEmpty { return transaction.write(try collection.base.createWrite(model).write) }
        let name = try collection.base.name(of: model.id)
        transaction.write(try collection.base.saveWrite(model, over: reads[name]).write)
    }

    /// Collects a write to commit with the transaction.
    public mutating func add(_ write: Write) { transaction.write(write) }
}

extension FirestoreClient {
    /// Runs `body` in a read-write transaction across repositories, as Google's clients do:
    /// retried with backoff when Firestore aborts it for contention, rolled back when `body`
    /// throws.
    public func transaction<Result: Sendable>(policy: RetryPolicy = RetryPolicy(),
                                              _ body: (inout RepositoryTransaction) async throws -> Result) async throws -> Result {
        try await TransactionRunner(backend: self, policy: policy).run { transaction in
            var typed = RepositoryTransaction(transaction)
            let result = try await body(&typed)
            transaction = typed.transaction
            return result
        }
    }
}
