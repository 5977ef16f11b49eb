/// A model stored in Redis alone, one value per key, each living for the keyspace's time to
/// live: what generated keyspace repositories stand on. Values are Redis hashes, one hash field
/// per stored field, named by its storage key and holding that field's JSON; writes replace a
/// value and set its time to live in one atomic step.
public struct RedisKeyspace<Model: RedisStorable>: Sendable {
    /// The client calls go through.
    public let client: RedisClient
    /// The keyspace's schema name, which calls carry to the client's middlewares.
    public let name: String
    /// How long each value lives after it is written.
    public let ttl: Duration

    /// The keyspace `name` over `client`, values living for `ttl`.
    public init(client: RedisClient, name: String, ttl: Duration) {
        self.client = client
        self.name = name
        self.ttl = ttl
    }

    /// The value at `key`, or nil.
    public func get(_ key: String) async throws -> Model? {
        try decode(try await client.send(RedisCommand("HGETALL", key), namespace: name))
    }

    /// The values at `keys`, in order (one pipeline); nil where none is.
    public func get(_ keys: [String]) async throws -> [Model?] {
        guard !keys.isEmpty else { return [] }
        return try await client.pipeline(keys.map { RedisCommand("HGETALL", $0) }, namespace: name).map { try decode(try $0.get()) }
    }

    /// Validates `model` and stores it at `key` in place of what was there, for the keyspace's
    /// time to live.
    public func set(_ model: Model, at key: String) async throws {
        try model.validate()
        let fields = try RedisHashCoding.fields(of: model)
        try await client.evaluate(Self.setScript, keys: [key], arguments: [RedisClient.milliseconds(ttl)] + fields.flatMap { [$0.key, $0.value] as [any RedisArgument] },
                                  namespace: name)
    }

    /// Deletes the values at `keys`; how many there were.
    @discardableResult
    public func delete(_ keys: [String]) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        return Int(try await client.send(RedisCommand("DEL", arguments: keys), namespace: name).integer ?? 0)
    }

    /// Whether a value is at `key`.
    public func exists(_ key: String) async throws -> Bool {
        try await client.send(RedisCommand("EXISTS", key), namespace: name).integer == 1
    }

    /// How long the value at `key` has left to live; nil when there is none (or it never
    /// expires, which a keyspace never writes).
    public func remainingTTL(_ key: String) async throws -> Duration? {
        guard let milliseconds = try await client.send(RedisCommand("PTTL", key), namespace: name).integer, milliseconds >= 0 else { return nil }
        return .milliseconds(milliseconds)
    }

    /// Adds `amount` to an integer field of the value at `key`, atomically, and returns the
    /// result (``RedisKeyspaceError/unmappedField(_:)`` for a field the model does not store
    /// directly, ``RedisKeyspaceError/notAnInteger(field:)`` when the stored field is not one).
    /// When no value is there, `initial` is stored (validated) and the time to live set, then
    /// `amount` added, in the same atomic step: `initial.count` 0 and `amount` 1 give 1. An
    /// existing value keeps its time to live (one without any gets the keyspace's).
    public func increment(_ field: KeyPath<Model, Int>, by amount: Int, at key: String, initial: Model) async throws -> Int {
        guard let storageKey = Model.redisFieldTable?.storageKey(for: field) else {
            throw RedisKeyspaceError.unmappedField("\(field)")
        }
        try initial.validate()
        let fields = try RedisHashCoding.fields(of: initial)
        let arguments: [any RedisArgument] = [storageKey, amount, RedisClient.milliseconds(ttl)] + fields.flatMap { [$0.key, $0.value] as [any RedisArgument] }
        let reply: RedisReply
        do {
            reply = try await client.evaluate(Self.incrementScript, keys: [key], arguments: arguments, namespace: name)
        } catch RedisError.server(let error) where error.message.contains("not an integer") {
            throw RedisKeyspaceError.notAnInteger(field: storageKey)
        }
        guard let value = reply.integer else { throw RedisError.protocolViolation("HINCRBY did not answer an integer") }
        return Int(value)
    }

    private func decode(_ reply: RedisReply) throws -> Model? {
        guard let fields = reply.array else { throw RedisError.protocolViolation("HGETALL did not answer an array") }
        guard !fields.isEmpty else { return nil }
        return try RedisHashCoding.model(Model.self, from: fields, keyspace: name, fieldByField: Model.redisFieldTable != nil)
    }

    /// KEYS[1]; ARGV: the time to live in milliseconds, then field, value, field, value…
    static var setScript: RedisScript {
        RedisScript("""
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV, 2))
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 1
            """, sha1: "5acc1ab9d5d62904993cf1dc9daf675891be04a8")
    }

    /// KEYS[1]; ARGV: the field, the amount, the time to live in milliseconds, then the initial
    /// value's field, value, field, value…
    static var incrementScript: RedisScript {
        RedisScript("""
            if redis.call('EXISTS', KEYS[1]) == 0 then
              redis.call('HSET', KEYS[1], unpack(ARGV, 4))
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
            elseif redis.call('PTTL', KEYS[1]) == -1 then
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
            end
            return redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
            """, sha1: "0b6ec61edfdb2e6761ff1ca8553ff934d1ac0ed1")
    }
}
