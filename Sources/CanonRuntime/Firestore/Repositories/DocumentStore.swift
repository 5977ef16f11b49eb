/// What every generated repository offers for one collection's documents, as a protocol a
/// service can depend on instead of the concrete repository, and replace with a test double of
/// its own:
///
/// ```swift
/// struct CasefileDesk {
///     let casefiles: any DocumentStore<Casefile>     // CasefilesRepository in production
///     func close(_ id: Casefile.ID) async throws {
///         _ = try await casefiles.updateIfUnchanged(id, maximumAttempts: 10) { $0.status = .closed }
///     }
/// }
/// ```
///
/// Generated repositories conform through ``FirestoreCollection``. Named queries return
/// ``RepositoryQuery`` values bound to Firestore; a service that wants to replace those too
/// declares them in a protocol of its own, which the generated repository adopts in an extension.
public protocol DocumentStore<Model>: Sendable {
    /// The model the collection stores.
    associatedtype Model: FirestoreStorable
    /// The model with this ID, or nil.
    func get(_ id: Model.ID) async throws -> Model?
    /// The models with these IDs in the same order; nil where none exists.
    func get(_ ids: [Model.ID]) async throws -> [Model?]
    /// Stores a new document (``RepositoryError/alreadyExists(id:)`` when the ID is taken);
    /// returns it as stored, its ID assigned.
    @discardableResult func create(_ model: Model) async throws -> Model
    /// Stores the model whether or not it exists; returns it as stored.
    @discardableResult func save(_ model: Model) async throws -> Model
    /// Changes a model only if nobody else changed it since it was read, retrying otherwise.
    @discardableResult func updateIfUnchanged(_ id: Model.ID, maximumAttempts: Int, _ change: (inout Model) throws -> Void) async throws -> Model
    /// Deletes a document, optionally only if unchanged since `ifUpdateTime`.
    func delete(_ id: Model.ID, ifUpdateTime: Timestamp?) async throws
    /// A page of the collection in ID order.
    func list(limit: Int?, after cursor: QueryCursor?) async throws -> QueryPage<Model>
    /// How many documents the collection holds.
    func count() async throws -> Int
}
