import Foundation

/// Typed, async access to one Firestore collection of `Model`s: what generated repositories
/// stand on. Every write validates the model and its ID before anything is sent, and fills the
/// audit fields from the server's clock and the task's ``PersistenceContext``, never from the
/// model.
public struct FirestoreRepository<Model: FirestoreStorable>: Sendable {
    /// How `create` names documents whose model has an empty ID.
    public enum IDStrategy: Sendable, Hashable {
        /// A random 20-character ID, as Firestore's clients make them.
        case automatic
        /// A random UUID.
        case uuid
        /// The caller must supply the ID.
        case client
    }

    /// A model with the version it was read at.
    public struct Versioned: Sendable {
        /// The model.
        public var model: Model
        /// When the stored document last changed; a precondition for writing it back.
        public var updateTime: Timestamp
    }

    /// The client requests go through.
    public let client: FirestoreClient
    /// The collection's path below the database's documents: `casefiles`, or
    /// `casefiles/cf-1/notes` for a subcollection.
    public let collectionPath: String
    /// How `create` names documents whose model has an empty ID.
    public let idStrategy: IDStrategy
    /// The collection's read-through cache, when its schema enables one and the client has a
    /// ``FirestoreCache``: `get` reads through it, and every write through the client
    /// invalidates it. Queries, listings and the reads of writes go to Firestore.
    public let cache: CollectionCache?
    let encoder: FirestoreEncoder
    let decoder: FirestoreDecoder

    /// A repository for the collection at `collectionPath`.
    public init(client: FirestoreClient, collectionPath: String, idStrategy: IDStrategy = .automatic) {
        self.client = client
        self.collectionPath = collectionPath
        self.idStrategy = idStrategy
        cache = client.cache?.collection(at: collectionPath, in: client.configuration.databaseName)
        encoder = FirestoreEncoder(databaseRoot: client.configuration.documentsRoot)
        decoder = FirestoreDecoder(databaseRoot: client.configuration.documentsRoot)
    }

    /// The collection's ID: the last segment of its path.
    public var collectionID: String { String(collectionPath.split(separator: "/").last ?? "") }

    /// The parent of the collection: the documents root, or the parent document's name.
    public var parent: String {
        let segments = collectionPath.split(separator: "/")
        let root = client.configuration.documentsRoot
        return segments.count > 1 ? root + "/" + segments.dropLast().joined(separator: "/") : root
    }

    /// The full resource name of a document, after checking its ID and the collection path's
    /// segments (a subcollection's path holds its parents' IDs).
    public func name(of id: Model.ID) throws -> String {
        for segment in collectionPath.split(separator: "/", omittingEmptySubsequences: false) { try DocumentIDRules.check(String(segment)) }
        try DocumentIDRules.check(id.rawValue)
        return client.documentName(collectionPath + "/" + id.rawValue)
    }

    // MARK: Reads

    /// The model with this ID, or nil.
    public func get(_ id: Model.ID) async throws -> Model? {
        try await getVersioned(id)?.model
    }

    /// The model with this ID and its version, or nil.
    public func getVersioned(_ id: Model.ID) async throws -> Versioned? {
        let name = try name(of: id)
        let read = { try await client.get(name: name) }
        let found = if let cache { try await cache.read(collectionPath + "/" + id.rawValue, load: read) } else { try await read() }
        return try found.map(versioned)
    }

    /// The models with these IDs, in the same order; nil where none exists.
    public func get(_ ids: [Model.ID]) async throws -> [Model?] {
        guard !ids.isEmpty else { return [] }
        let names = try ids.map { try name(of: $0) }
        guard let cache else {
            // By bytes: IDs that differ only in Unicode normalization are two documents.
            var found: [[UInt8]: Model] = [:]
            for case .found(let document) in try await client.batchGet(names: names) {
                if let name = document.name { found[Array(name.utf8)] = try model(document) }
            }
            return names.map { found[Array($0.utf8)] }
        }
        let paths = ids.map { collectionPath + "/" + $0.rawValue }
        let root = client.configuration.documentsRoot + "/"
        let documents = try await cache.read(paths) { missing in
            try await client.batchGet(names: missing.map { root + $0 }).compactMap { result in
                guard case .found(let document) = result, let name = document.name, name.hasPrefix(root) else { return nil }
                return (path: String(name.dropFirst(root.count)), document: document)
            }
        }
        return try documents.map { try $0.map(model) }
    }

    /// A page of the collection in ID order: at most `limit` models (by default
    /// ``QueryLimits/defaultPageSize``, at most ``QueryLimits/maximumPageSize``) after `cursor`,
    /// the previous page's ``QueryPage/next``.
    public func list(limit: Int? = nil, after cursor: QueryCursor? = nil) async throws -> QueryPage<Model> {
        try await everything.page(limit: limit, after: cursor)
    }

    /// How many documents the collection holds, counted by Firestore without reading them.
    public func count() async throws -> Int {
        try await everything.count()
    }

    /// Every model of the collection in ID order, read `pageSize` at a time as the sequence is
    /// iterated.
    public func all(pageSize: Int? = nil) -> QueryResults<Model> {
        everything.all(pageSize: pageSize)
    }

    /// The whole collection as a query.
    var everything: ModelQuery<Model> { query { [] } }

    // MARK: References

    /// The reference to the document with this ID in this collection (checked when it is
    /// written or read: see ``DocumentReference``).
    public func reference(to id: Model.ID) -> DocumentReference<Model> {
        DocumentReference(unchecked: collectionPath + "/" + id.rawValue)
    }

    /// The model a reference names, or nil; it may be in another collection of the model (a
    /// subcollection's reference names its parents). Reads through that collection's cache.
    public func get(_ reference: DocumentReference<Model>) async throws -> Model? {
        try await Self.get(reference, client: client)
    }

    /// The model a reference names, read through its collection's repository.
    static func get(_ reference: DocumentReference<Model>, client: FirestoreClient) async throws -> Model? {
        try DocumentReference<Model>.check(reference.path)
        let repository = FirestoreRepository(client: client, collectionPath: reference.collectionPath)
        return try await repository.get(Model.ID(rawValue: reference.documentID.rawValue))
    }

    // MARK: Writes

    /// Stores a new document; fails with ``RepositoryError/alreadyExists(id:)`` when the ID is
    /// taken. An empty ID is filled as the collection's ID strategy says. Returns the model as
    /// stored, audit fields included.
    @discardableResult
    public func create(_ model: Model) async throws -> Model {
        try await commit(try createWrite(model))
    }

    /// Stores the model whether or not its document exists (an upsert). The creation audit
    /// fields of an existing document are kept. Returns the model as stored, audit fields
    /// included. For an existing document of a generated model the write is one masked update;
    /// when the model has creation audit fields (`created_at`, `created_by`), which that write
    /// keeps without reading, a second request reads the version it wrote to report them.
    @discardableResult
    public func save(_ model: Model) async throws -> Model {
        if model.id.rawValue.isEmpty { return try await create(model) }
        let masked = Model.storedKeys != nil
        // What Firestore would refuse fails before the read that precedes an unmasked write.
        if !masked { _ = try createWrite(model) }
        for _ in 0..<5 {
            do {
                // Generated models: one masked update when the document exists. Others: read, then
                // write with a precondition on what was read.
                let over: FirestoreDocument?? = masked ? nil : .some(try await client.get(name: try name(of: model.id)))
                let prepared = try saveWrite(model, over: over, requireExisting: masked)
                return try await commit(prepared, readingBack: masked && !Model.auditKeys.onCreateOnly.isEmpty)
            } catch RepositoryError.notFound where masked {
                do {
                    return try await create(model)
                } catch RepositoryError.alreadyExists {
                    continue  // created meanwhile: update it
                }
            } catch RepositoryError.changedSinceRead, RepositoryError.alreadyExists, RepositoryError.notFound {
                continue  // changed between the read and the write: read again
            }
        }
        throw RepositoryError.tooMuchContention(id: model.id.rawValue, attempts: 5)
    }

    /// Reads the model, lets `change` modify it, and writes it back only if nobody changed the
    /// document in between; otherwise reads again and retries, so no update is ever lost.
    @discardableResult
    public func updateIfUnchanged(_ id: Model.ID, maximumAttempts: Int = 10, _ change: (inout Model) throws -> Void) async throws -> Model {
        let name = try name(of: id)
        for _ in 0..<max(1, maximumAttempts) {
            guard let current = try await client.get(name: name) else { throw RepositoryError.notFound(id: id.rawValue) }
            var model = try model(current)
            try change(&model)
            model.id = id
            do {
                return try await commit(try saveWrite(model, over: .some(current)))
            } catch RepositoryError.changedSinceRead {
                continue
            }
        }
        throw RepositoryError.tooMuchContention(id: id.rawValue, attempts: maximumAttempts)
    }

    /// Writes `model` over a version read earlier; fails with
    /// ``RepositoryError/changedSinceRead(id:)`` if the document changed since.
    @discardableResult
    public func update(_ versioned: Versioned) async throws -> Model {
        let id = versioned.model.id
        guard let current = try await client.get(name: try name(of: id)) else { throw RepositoryError.notFound(id: id.rawValue) }
        guard current.updateTime == versioned.updateTime else { throw RepositoryError.changedSinceRead(id: id.rawValue) }
        return try await commit(try saveWrite(versioned.model, over: .some(current)))
    }

    /// Deletes the document. With `ifUpdateTime`, only if it is unchanged since then
    /// (``RepositoryError/changedSinceRead(id:)`` otherwise); deleting a missing document without
    /// one succeeds.
    public func delete(_ id: Model.ID, ifUpdateTime: Timestamp? = nil) async throws {
        let name = try name(of: id)
        do {
            try await client.delete(name: name, precondition: ifUpdateTime.map { Precondition(updateTime: $0) })
        } catch let error as FirestoreError {
            throw Self.repositoryError(error, id: id.rawValue)
        }
    }

    // MARK: Prepared writes (also what transactions and batches commit)

    /// A write, with the ID of the model it stores.
    struct PreparedWrite {
        var write: Write
        var id: String

        /// A write checked against Firestore's limits (``WriteLimits``), so that a transaction or
        /// batch fails on the model that breaks them, before anything is sent.
        init(checking write: Write, id: String) throws(FirestoreError) {
            try WriteLimits.check([write])
            self.write = write
            self.id = id
        }
    }

    /// The write that creates `model` (its ID filled by the strategy when empty), checked.
    func createWrite(_ model: Model) throws -> PreparedWrite {
        var model = model
        if model.id.rawValue.isEmpty {
            switch idStrategy {
            case .automatic: model.id = Model.ID(rawValue: DocumentIDRules.automaticID())
            case .uuid: model.id = Model.ID(rawValue: UUID().uuidString.lowercased())
            case .client: throw RepositoryError.missingID
            }
        }
        let name = try name(of: model.id)
        try model.validate()
        var data = try storedData(model)
        audit(&data, creating: true)
        return try PreparedWrite(checking: WriteBuilder().create(name: name, data: data), id: model.id.rawValue)
    }

    /// The write that stores `model`, checked:
    /// - over what was read (`current`: the document, or nil when it did not exist), with a
    ///   precondition on it and the read creation audit fields kept;
    /// - when nothing was read (`current` is `.none`), a merge of the model's stored fields
    ///   that leaves the creation audit fields alone: an upsert, or with `requireExisting` an
    ///   update that fails with `NOT_FOUND` when there is no document.
    func saveWrite(_ model: Model, over current: FirestoreDocument??, requireExisting: Bool = false) throws -> PreparedWrite {
        let name = try name(of: model.id)
        switch current {
        case .some(.none):
            return try createWrite(model)
        case .some(.some(let document)):
            try model.validate()
            var data = try storedData(model)
            audit(&data, creating: false)
            for key in Model.auditKeys.onCreateOnly { data[key] = document.fields[key].map(WriteValue.value) }
            let write = try WriteBuilder().set(name: name, data: data, precondition: document.updateTime.map { Precondition(updateTime: $0) })
            return try PreparedWrite(checking: write, id: model.id.rawValue)
        case .none:
            try model.validate()
            var data = try storedData(model)
            audit(&data, creating: false)
            // Every stored field and the audit fields a write sets; what the model leaves out is
            // deleted. The creation fields are kept, not read; `save` reads them back.
            let audit = Model.auditKeys
            var merged: [String] = []
            var seen = Set(audit.onCreateOnly)
            for key in (Model.storedKeys ?? data.keys.sorted()) + [audit.updatedAt, audit.updatedBy, audit.requestID].compactMap({ $0 })
            where seen.insert(key).inserted {
                merged.append(key)
                if data[key] == nil { data[key] = .delete }
            }
            let write = try WriteBuilder().set(name: name, data: data, merge: .fields(merged.map { FieldPath([$0]) }),
                                               precondition: requireExisting ? Precondition(exists: true) : nil)
            return try PreparedWrite(checking: write, id: model.id.rawValue)
        }
    }

    /// The write that deletes a document, optionally only if unchanged since `ifUpdateTime`.
    func deleteWrite(_ id: Model.ID, ifUpdateTime: Timestamp? = nil) throws -> Write {
        WriteBuilder().delete(name: try name(of: id), precondition: ifUpdateTime.map { Precondition(updateTime: $0) })
    }

    /// Commits one prepared write; returns the model as stored, transform results included.
    /// `readingBack` reads the version the write made, for writes that keep stored fields they
    /// do not know; if that read fails, its error is thrown although the write landed (saving
    /// again is safe: it writes the same fields).
    private func commit(_ prepared: PreparedWrite, readingBack: Bool = false) async throws -> Model {
        let response: CommitResponse
        do {
            response = try await client.commit(writes: [prepared.write])
        } catch let error as FirestoreError {
            throw Self.repositoryError(error, id: prepared.id)
        }
        let result = response.writeResults?.first
        if readingBack {
            guard let name = prepared.write.update?.name, let updateTime = result?.updateTime,
                  let document = try await client.get(name: name, readTime: updateTime) else {
                throw FirestoreError.malformedResponse("a committed write whose version cannot be read back")
            }
            return try model(document)
        }
        // The fields as written, and the server's values for the times it set.
        var fields = prepared.write.update?.fields ?? [:]
        for (transform, value) in zip(prepared.write.updateTransforms ?? [], result?.transformResults ?? []) {
            let key = (Model.auditKeys.all + Model.serverTimestampKeys).first { FieldPath([$0]).encoded == transform.fieldPath }
            if let key { fields[key] = value }
        }
        return try model(FirestoreDocument(name: prepared.write.update?.name, fields: fields, updateTime: result?.updateTime))
    }

    /// Firestore's answers to a precondition, as the repository's errors; others unchanged.
    static func repositoryError(_ error: FirestoreError, id: String) -> any Error {
        switch error.statusName {
        case "ALREADY_EXISTS": RepositoryError.alreadyExists(id: id)
        case "NOT_FOUND": RepositoryError.notFound(id: id)
        case "FAILED_PRECONDITION": RepositoryError.changedSinceRead(id: id)
        default: error
        }
    }

    // MARK: Plumbing

    /// The model's fields as stored, without the audit fields (those are the runtime's), as
    /// the data of a write; a nil `server_time` field becomes the server's time.
    private func storedData(_ model: Model) throws -> [String: WriteValue] {
        var data: [String: WriteValue] = [:]
        for (key, value) in try encoder.encodeFields(model) where !Model.auditKeys.all.contains(key) { data[key] = .value(value) }
        for key in Model.serverTimestampKeys where data[key] == nil { data[key] = .serverTimestamp }
        return data
    }

    /// Adds the audit fields of a write: actor and request from the task's context, times set by
    /// the server. Without a context, the actor and request fields are left out (see
    /// ``PersistenceContext``): removed by whole-document writes, deleted by merges and updates.
    func audit(_ data: inout [String: WriteValue], creating: Bool) {
        let keys = Model.auditKeys
        let context = PersistenceContext.current
        if creating, let key = keys.createdBy, let actor = context.actor { data[key] = .value(.string(actor)) }
        if let key = keys.updatedBy, let actor = context.actor { data[key] = .value(.string(actor)) }
        if let key = keys.requestID, let request = context.requestID { data[key] = .value(.string(request)) }
        if creating, let key = keys.createdAt { data[key] = .serverTimestamp }
        if let key = keys.updatedAt { data[key] = .serverTimestamp }
    }

    private func model(_ document: FirestoreDocument) throws -> Model {
        try decoder.decode(Model.self, from: document)
    }

    private func versioned(_ document: FirestoreDocument) throws -> Versioned {
        guard let updateTime = document.updateTime else { throw FirestoreError.malformedResponse("a document without updateTime") }
        return Versioned(model: try model(document), updateTime: updateTime)
    }
}
