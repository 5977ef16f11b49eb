/// What transactions and batches write with: create, partial update and delete across
/// repositories, collected to commit together.
public protocol RepositoryWrites {
    /// Collects one write.
    mutating func add(_ write: Write)
}

extension RepositoryWrites {
    /// Creates a document (the commit fails if the ID is taken).
    public mutating func create<Collection: FirestoreCollection>(_ model: Collection.Model, in collection: Collection) throws {
        add(try collection.base.createWrite(model).write)
    }

    /// Changes only the given fields of an existing document.
    public mutating func update<Collection: FirestoreCollection>(_ id: Collection.Model.ID, in collection: Collection,
                                                                 _ build: (inout FieldUpdates<Collection.Model>) throws -> Void) throws {
        var updates = FieldUpdates<Collection.Model>()
        try build(&updates)
        add(try collection.base.updateWrite(id, updates))
    }

    /// Deletes a document.
    public mutating func delete<Collection: FirestoreCollection>(_ id: Collection.Model.ID, in collection: Collection) throws {
        add(try collection.base.deleteWrite(id))
    }
}
