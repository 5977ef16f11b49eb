/// A generated keyspace repository: typed access to one Redis keyspace, standing on a
/// ``RedisKeyspace``. The operations live here, so generated code holds only what the schema
/// says (the key pattern, the time to live).
public protocol RedisKeyspaceRepository: Sendable {
    /// The model the keyspace stores.
    associatedtype Model: RedisStorable
    /// The key of one value.
    associatedtype Key: RedisKey where Key.Model == Model
    /// The runtime keyspace underneath.
    var base: RedisKeyspace<Model> { get }
}

extension RedisKeyspaceRepository {
    /// The value at `key`, or nil.
    public func get(_ key: Key) async throws -> Model? { try await base.get(try key.text()) }

    /// The values at `keys` in order, in one pipeline; nil where none is.
    public func get(_ keys: [Key]) async throws -> [Model?] { try await base.get(try keys.map { try $0.text() }) }

    /// Stores `model` at its key, in place of what was there, for the keyspace's time to live.
    public func set(_ model: Model) async throws { try await base.set(model, at: try Key(model).text()) }

    /// Deletes the value at `key`; whether there was one.
    @discardableResult
    public func delete(_ key: Key) async throws -> Bool { try await base.delete([try key.text()]) == 1 }

    /// Whether a value is at `key`.
    public func exists(_ key: Key) async throws -> Bool { try await base.exists(try key.text()) }

    /// How long the value at `key` has left to live; nil when there is none.
    public func remainingTTL(_ key: Key) async throws -> Duration? { try await base.remainingTTL(try key.text()) }

    /// Adds `amount` to an integer field of the value at `initial`'s key, atomically, and
    /// returns the result; where there is no value, `initial` is stored, the time to live
    /// starts and `amount` is added to `initial`'s field (a fixed window: later increments do not
    /// extend it). Increment only fields the key is not built from.
    ///
    /// ```swift
    /// let count = try await windows.increment(\.count, in: RateLimitWindow(subject: user, windowStart: start, limit: 100))
    /// ```
    @discardableResult
    public func increment(_ field: KeyPath<Model, Int>, by amount: Int = 1, in initial: Model) async throws -> Int {
        try await base.increment(field, by: amount, at: try Key(initial).text(), initial: initial)
    }
}
