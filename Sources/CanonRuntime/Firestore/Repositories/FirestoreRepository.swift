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

    /// One page of a listing.
    public struct Page: Sendable {
        /// The models of this page, in ID order.
        public var models: [Model]
        /// Pass to the next call for the next page; nil after the last.
        public var nextPageToken: String?
    }

    /// The client requests go through.
    public let client: FirestoreClient
    /// The collection's path below the database's documents: `casefiles`, or
    /// `casefiles/cf-1/notes` for a subcollection.
    public let collectionPath: String
    /// How `create` names documents whose model has an empty ID.
    public let idStrategy: IDStrategy
    let encoder: FirestoreEncoder
    let decoder: FirestoreDecoder

    /// A repository for the collection at `collectionPath`.
    public init(client: FirestoreClient, collectionPath: String, idStrategy: IDStrategy = .automatic) {
        self.client = client
        self.collectionPath = collectionPath
        self.idStrategy = idStrategy
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

    /// The full resource name of a document, after checking its ID.
    public func name(of id: Model.ID) throws -> String {
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
        guard let document = try await client.get(name: try name(of: id)) else { return nil }
        return try versioned(document)
    }

    /// The models with these IDs, in the same order; nil where none exists.
    public func get(_ ids: [Model.ID]) async throws -> [Model?] {
        guard !ids.isEmpty else { return [] }
        let names = try ids.map { try name(of: $0) }
        var found: [String: Model] = [:]
        for result in try await client.batchGet(names: names) {
            if case .found(let document) = result, let name = document.name { found[name] = try model(document) }
        }
        return names.map { found[$0] }
    }

    /// A page of the collection in ID order.
    public func list(pageSize: Int, pageToken: String? = nil) async throws -> Page {
        let page = try await client.listDocuments(parent: parent, collectionID: collectionID, pageSize: pageSize, pageToken: pageToken)
        return Page(models: try page.documents.map(model), nextPageToken: page.nextPageToken?.isEmpty == false ? page.nextPageToken : nil)
    }

    /// How many documents the collection holds.
    public func count() async throws -> Int64 {
        try await client.count(StructuredQuery(from: [.init(collectionId: collectionID)]), parent: parent)
    }

    /// Every model of the collection in ID order, fetched a page at a time as the sequence is
    /// read.
    public func all(pageSize: Int = 300) -> AsyncThrowingStream<Model, any Error> {
        let (stream, continuation) = AsyncThrowingStream<Model, any Error>.makeStream()
        let task = Task {
            do {
                var after: String?
                while true {
                    let query = StructuredQuery(
                        from: [.init(collectionId: collectionID)],
                        orderBy: [.init(field: .init(fieldPath: "__name__"), direction: "ASCENDING")],
                        startAt: after.map { .init(values: [.reference($0)], before: false) },
                        limit: pageSize)
                    let documents = try await client.runQuery(query, parent: parent)
                    for document in documents { continuation.yield(try model(document)) }
                    guard documents.count == pageSize, let last = documents.last?.name else { break }
                    after = last
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// The models a structured query over this collection returns.
    public func query(_ query: StructuredQuery) async throws -> [Model] {
        try await client.runQuery(query, parent: parent).map(model)
    }

    // MARK: Writes

    /// Stores a new document; fails with ``RepositoryError/alreadyExists(id:)`` when the ID is
    /// taken. An empty ID is filled as the collection's ID strategy says. Returns the model as
    /// stored, audit fields included.
    @discardableResult
    public func create(_ model: Model) async throws -> Model {
        let prepared = try createWrite(model)
        do {
            let response = try await client.commit(writes: [prepared.write])
            return try stored(prepared.fields, transforms: prepared.transforms, results: response.writeResults?.first, name: prepared.name)
        } catch let error as FirestoreError where error.statusName == "ALREADY_EXISTS" {
            throw RepositoryError.alreadyExists(id: String(prepared.name.split(separator: "/").last ?? ""))
        }
    }

    /// The write that creates `model` (its ID filled by the strategy when empty), checked.
    func createWrite(_ model: Model) throws -> (write: Write, name: String, fields: [String: FirestoreValue], transforms: [(key: String, transform: FieldTransform)]) {
        var model = model
        if model.id.rawValue.isEmpty {
            switch idStrategy {
            case .automatic: model.id = Model.ID(rawValue: Self.automaticID())
            case .uuid: model.id = Model.ID(rawValue: UUID().uuidString.lowercased())
            case .client: throw RepositoryError.missingID
            }
        }
        let name = try name(of: model.id)
        try model.validate()
        var fields = try storedFields(model)
        let transforms = audit(&fields, creating: true)
        let write = Write(update: FirestoreDocument(name: name, fields: fields), updateTransforms: transforms.map(\.transform),
                          currentDocument: Precondition(exists: false))
        return (write, name, fields, transforms)
    }

    /// The write that stores `model` over what a transaction read (`current`: the document, or
    /// nil when it did not exist) with a precondition on it; or, when nothing was read
    /// (`current` is `.none`), a masked upsert of the model's stored fields that leaves the
    /// creation audit fields alone.
    func saveWrite(_ model: Model, over current: FirestoreDocument??) throws -> Write {
        try model.validate()
        let name = try name(of: model.id)
        switch current {
        case .some(.none):
            return try createWrite(model).write
        case .some(.some(let document)):
            var fields = try storedFields(model)
            let transforms = audit(&fields, creating: false)
            for key in Model.auditKeys.onCreateOnly { fields[key] = document.fields[key] }
            return Write(update: FirestoreDocument(name: name, fields: fields), updateTransforms: transforms.map(\.transform),
                         currentDocument: document.updateTime.map { Precondition(updateTime: $0) })
        case .none:
            var fields = try storedFields(model)
            let transforms = audit(&fields, creating: false)
            let creationOnly = Set(Model.auditKeys.onCreateOnly), timed = Set(transforms.map(\.key))
            let keys = Model.storedKeys ?? Array(fields.keys).sorted()
            let mask = keys.filter { !creationOnly.contains($0) && !timed.contains($0) }.map { FieldPath([$0]).encoded }
                + [Model.auditKeys.updatedBy, Model.auditKeys.requestID].compactMap { $0 }.filter { !keys.contains($0) }.map { FieldPath([$0]).encoded }
            return Write(update: FirestoreDocument(name: name, fields: fields), updateMask: DocumentMask(fieldPaths: mask),
                         updateTransforms: transforms.map(\.transform))
        }
    }

    /// The write that deletes a document, optionally only if unchanged since `ifUpdateTime`.
    func deleteWrite(_ id: Model.ID, ifUpdateTime: Timestamp? = nil) throws -> Write {
        Write(delete: try name(of: id), currentDocument: ifUpdateTime.map { Precondition(updateTime: $0) })
    }

    /// Stores the model whether or not its document exists (an upsert). The creation audit
    /// fields of an existing document are kept. Returns the model as written; for an existing
    /// document of a generated model (one request, a masked update) its creation audit fields are
    /// the ones the given model carried, since the stored ones are kept without being read.
    @discardableResult
    public func save(_ model: Model) async throws -> Model {
        if model.id.rawValue.isEmpty { return try await create(model) }
        try model.validate()
        let name = try name(of: model.id)
        if let keys = Model.storedKeys {
            // One request when the document exists: update every stored field but the creation
            // ones (absent optionals are deleted by the mask); create when it does not.
            let given = try encoder.encodeFields(model)
            for _ in 0..<5 {
                var fields = given
                for key in Model.auditKeys.all { fields[key] = nil }
                let transforms = audit(&fields, creating: false)
                let creationOnly = Set(Model.auditKeys.onCreateOnly)
                let timed = Set(transforms.map(\.key))
                let mask = keys.filter { !creationOnly.contains($0) && !timed.contains($0) }.map { FieldPath([$0]) }
                let write = Write(update: FirestoreDocument(name: name, fields: fields), updateMask: DocumentMask(fieldPaths: mask.map(\.encoded)),
                                  updateTransforms: transforms.map(\.transform), currentDocument: Precondition(exists: true))
                do {
                    let response = try await client.commit(writes: [write])
                    // The stored creation fields were kept, not read: report the model's own.
                    var reported = fields
                    for key in Model.auditKeys.onCreateOnly { reported[key] = given[key] }
                    return try stored(reported, transforms: transforms, results: response.writeResults?.first, name: name)
                } catch let error as FirestoreError where error.statusName == "NOT_FOUND" {
                    do {
                        return try await create(model)
                    } catch RepositoryError.alreadyExists {
                        continue  // created meanwhile: update it
                    }
                }
            }
            throw RepositoryError.tooMuchContention(id: model.id.rawValue, attempts: 5)
        }
        for _ in 0..<5 {
            // Read, then write with a precondition on what was read, so the creation fields are
            // carried over exactly and a concurrent create or delete makes us try again.
            let current = try await client.get(name: name)
            var fields = try storedFields(model)
            let transforms = audit(&fields, creating: current == nil)
            if let current {
                for key in Model.auditKeys.onCreateOnly { fields[key] = current.fields[key] }
            }
            let precondition = current?.updateTime.map { Precondition(updateTime: $0) } ?? Precondition(exists: false)
            let write = Write(update: FirestoreDocument(name: name, fields: fields), updateTransforms: transforms.map(\.transform), currentDocument: precondition)
            do {
                let response = try await client.commit(writes: [write])
                return try stored(fields, transforms: transforms, results: response.writeResults?.first, name: name)
            } catch let error as FirestoreError where ["ALREADY_EXISTS", "FAILED_PRECONDITION", "NOT_FOUND"].contains(error.statusName ?? "") {
                continue
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
            guard let current = try await client.get(name: name), let version = current.updateTime else {
                throw RepositoryError.notFound(id: id.rawValue)
            }
            var model = try model(current)
            try change(&model)
            model.id = id
            do {
                return try await write(model, over: current, ifUpdateTime: version)
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
        let name = try name(of: versioned.model.id)
        guard let current = try await client.get(name: name) else { throw RepositoryError.notFound(id: versioned.model.id.rawValue) }
        return try await write(versioned.model, over: current, ifUpdateTime: versioned.updateTime)
    }

    private func write(_ model: Model, over current: FirestoreDocument, ifUpdateTime version: Timestamp) async throws -> Model {
        try model.validate()
        let name = try name(of: model.id)
        var fields = try storedFields(model)
        let transforms = audit(&fields, creating: false)
        for key in Model.auditKeys.onCreateOnly { fields[key] = current.fields[key] }
        let write = Write(update: FirestoreDocument(name: name, fields: fields), updateTransforms: transforms.map(\.transform),
                          currentDocument: Precondition(updateTime: version))
        do {
            let response = try await client.commit(writes: [write])
            return try stored(fields, transforms: transforms, results: response.writeResults?.first, name: name)
        } catch let error as FirestoreError where error.statusName == "FAILED_PRECONDITION" {
            throw RepositoryError.changedSinceRead(id: model.id.rawValue)
        } catch let error as FirestoreError where error.statusName == "NOT_FOUND" {
            throw RepositoryError.notFound(id: model.id.rawValue)
        }
    }

    /// Deletes the document. With `ifUpdateTime`, only if it is unchanged since then
    /// (``RepositoryError/changedSinceRead(id:)`` otherwise); deleting a missing document without
    /// one succeeds.
    public func delete(_ id: Model.ID, ifUpdateTime: Timestamp? = nil) async throws {
        let name = try name(of: id)
        do {
            try await client.delete(name: name, precondition: ifUpdateTime.map { Precondition(updateTime: $0) })
        } catch let error as FirestoreError where error.statusName == "FAILED_PRECONDITION" {
            throw RepositoryError.changedSinceRead(id: id.rawValue)
        } catch let error as FirestoreError where error.statusName == "NOT_FOUND" {
            throw RepositoryError.notFound(id: id.rawValue)
        }
    }

    // MARK: Plumbing

    /// The model's fields as stored, without the audit fields (those are the runtime's).
    private func storedFields(_ model: Model) throws -> [String: FirestoreValue] {
        var fields = try encoder.encodeFields(model)
        for key in Model.auditKeys.all { fields[key] = nil }
        return fields
    }

    /// Adds the audit fields of a write: actor and request from the task's context, times as
    /// server transforms.
    private func audit(_ fields: inout [String: FirestoreValue], creating: Bool) -> [(key: String, transform: FieldTransform)] {
        let keys = Model.auditKeys
        let context = PersistenceContext.current
        if creating, let key = keys.createdBy, let actor = context.actor { fields[key] = .string(actor) }
        if let key = keys.updatedBy, let actor = context.actor { fields[key] = .string(actor) }
        if let key = keys.requestID, let request = context.requestID { fields[key] = .string(request) }
        let times = (creating ? [keys.createdAt] : []) + [keys.updatedAt]
        return times.compactMap { $0 }.map { ($0, FieldTransform(fieldPath: FieldPath([$0]).encoded, operation: .setToServerValue)) }
    }

    /// The model as the commit stored it: the written fields plus the transforms' results.
    private func stored(_ fields: [String: FirestoreValue], transforms: [(key: String, transform: FieldTransform)],
                        results: FirestoreClient.CommitResponse.WriteResult?, name: String) throws -> Model {
        var fields = fields
        for (transform, value) in zip(transforms, results?.transformResults ?? []) { fields[transform.key] = value }
        return try model(FirestoreDocument(name: name, fields: fields, updateTime: results?.updateTime))
    }


    private func model(_ document: FirestoreDocument) throws -> Model {
        try decoder.decode(Model.self, from: document)
    }

    private func versioned(_ document: FirestoreDocument) throws -> Versioned {
        guard let updateTime = document.updateTime else { throw FirestoreError.malformedResponse("a document without updateTime") }
        return Versioned(model: try model(document), updateTime: updateTime)
    }

    static func automaticID() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<20).map { _ in alphabet.randomElement()! })
    }
}
