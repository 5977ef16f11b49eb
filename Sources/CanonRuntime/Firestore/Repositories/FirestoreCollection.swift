/// A generated repository: one collection's typed access, standing on a
/// ``FirestoreRepository``. The generic operations live here, so generated code holds only what
/// a schema says (the path, the ID strategy, the named queries, the subcollections). Every one is
/// a ``DocumentStore``, which a service can depend on to swap in a test double.
public protocol FirestoreCollection: DocumentStore {
    /// The generated model the collection stores.
    associatedtype Model: FirestoreStorable
    /// The runtime repository underneath.
    var base: FirestoreRepository<Model> { get }
}

extension FirestoreCollection {
    /// The model with this ID, or nil.
    public func get(_ id: Model.ID) async throws -> Model? { try await base.get(id) }

    /// The model with this ID and the version it was read at, or nil.
    public func getVersioned(_ id: Model.ID) async throws -> FirestoreRepository<Model>.Versioned? { try await base.getVersioned(id) }

    /// The models with these IDs in the same order; nil where none exists.
    public func get(_ ids: [Model.ID]) async throws -> [Model?] { try await base.get(ids) }

    /// Stores a new document; ``RepositoryError/alreadyExists(id:)`` when the ID is taken.
    @discardableResult
    public func create(_ model: Model) async throws -> Model { try await base.create(model) }

    /// Stores the model whether or not it exists, keeping its creation audit fields.
    @discardableResult
    public func save(_ model: Model) async throws -> Model { try await base.save(model) }

    /// Changes a model only if nobody else changed it since it was read, retrying otherwise.
    @discardableResult
    public func updateIfUnchanged(_ id: Model.ID, maximumAttempts: Int = 10, _ change: (inout Model) throws -> Void) async throws -> Model {
        try await base.updateIfUnchanged(id, maximumAttempts: maximumAttempts, change)
    }

    /// Writes a model read earlier back, failing if it changed since.
    @discardableResult
    public func update(_ versioned: FirestoreRepository<Model>.Versioned) async throws -> Model { try await base.update(versioned) }

    /// Deletes a document, optionally only if unchanged since `ifUpdateTime`.
    public func delete(_ id: Model.ID, ifUpdateTime: Timestamp? = nil) async throws { try await base.delete(id, ifUpdateTime: ifUpdateTime) }

    /// A page of the collection in ID order, after `cursor` (the previous page's
    /// ``QueryPage/next``).
    public func list(limit: Int? = nil, after cursor: QueryCursor? = nil) async throws -> QueryPage<Model> {
        try await base.list(limit: limit, after: cursor)
    }

    /// How many documents the collection holds.
    public func count() async throws -> Int { try await base.count() }

    /// Every model of the collection, paged underneath as the sequence is read.
    public func all(pageSize: Int? = nil) -> QueryResults<Model> { base.all(pageSize: pageSize) }

    /// The reference to the document with this ID in this collection.
    public func reference(to id: Model.ID) -> DocumentReference<Model> { base.reference(to: id) }

    /// The model a reference names, or nil.
    public func get(_ reference: DocumentReference<Model>) async throws -> Model? { try await base.get(reference) }
}
