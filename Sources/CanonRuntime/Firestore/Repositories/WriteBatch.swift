/// Writes across repositories committed together, atomically, without reads (a batch).
public struct WriteBatch: RepositoryWrites, Sendable {
    private(set) var writes: [Write] = []

    /// An empty batch.
    public init() {}

    /// Collects a write to commit with the batch.
    public mutating func add(_ write: Write) { writes.append(write) }

    /// Upserts the model's stored fields, leaving creation audit fields alone; a model whose ID is
    /// unassigned is created, as `save` does.
    public mutating func save<Collection: FirestoreCollection>(_ model: Collection.Model, in collection: Collection) throws {
        if model.id.rawValue.isEmpty { return add(try collection.base.createWrite(model).write) }
        add(try collection.base.saveWrite(model, over: nil).write)
    }

    /// Commits every write atomically, in order.
    public func commit(with client: FirestoreClient) async throws {
        _ = try await client.commit(writes: writes)
    }
}
