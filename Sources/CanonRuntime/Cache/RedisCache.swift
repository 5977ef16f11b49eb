/// A cache in Redis, through a ``RedisClient``: `MGET` to read, `SET … PX` to store (`NX` to
/// add), a Lua script for the compare-and-set, `DEL` to remove. Several entries go in one
/// pipeline. Errors are the client's ``RedisError``s; what a failure means for a read is the
/// caller's to decide (the cached repositories fail open).
///
/// Keys of several documents in one `MGET` or `DEL` need one server: Redis Cluster is not
/// supported yet.
public struct RedisCache: DocumentCache {
    /// The client the cache talks through.
    public let client: RedisClient
    /// The name calls carry to middlewares (metrics, traces).
    public let namespace: String?

    /// A cache over `client`; calls carry `namespace` to the client's middlewares.
    public init(client: RedisClient, namespace: String? = "cache") {
        self.client = client
        self.namespace = namespace
    }

    /// `GET`, or `MGET` for several keys.
    public func get(_ keys: [String]) async throws -> [[UInt8]?] {
        guard !keys.isEmpty else { return [] }
        if keys.count == 1 { return [try await client.send(RedisCommand("GET", keys[0]), namespace: namespace).bytes] }
        guard let values = try await client.send(RedisCommand("MGET", arguments: keys), namespace: namespace).array, values.count == keys.count else {
            throw RedisError.protocolViolation("MGET did not answer one value per key")
        }
        return values.map(\.bytes)
    }

    /// `SET key value PX ttl` for each entry.
    public func set(_ entries: [CacheEntry]) async throws {
        _ = try await store(entries, onlyIfAbsent: false)
    }

    /// `SET key value PX ttl NX` for each entry: stored where Redis answers `OK`.
    public func add(_ entries: [CacheEntry]) async throws -> [Bool] {
        try await store(entries, onlyIfAbsent: true)
    }

    /// The compare-and-set script for each swap (`EVALSHA`, loaded with `EVAL` when the server
    /// does not have it, such as after a restart).
    public func swap(_ swaps: [CacheSwap]) async throws -> [Bool] {
        guard !swaps.isEmpty else { return [] }
        let results = try await client.pipeline(swaps.map { Self.swapCommand($0, loaded: true) }, namespace: namespace)
        var swapped: [Bool] = []
        for (swap, result) in zip(swaps, results) {
            switch result {
            case .success(let reply):
                swapped.append(reply.integer == 1)
            case .failure(.server(let error)) where error.code == "NOSCRIPT":
                swapped.append(try await client.send(Self.swapCommand(swap, loaded: false), namespace: namespace).integer == 1)
            case .failure(let error):
                throw error
            }
        }
        return swapped
    }

    /// `DEL` of the keys.
    public func delete(_ keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        try await client.send(RedisCommand("DEL", arguments: keys), namespace: namespace)
    }

    private func store(_ entries: [CacheEntry], onlyIfAbsent: Bool) async throws -> [Bool] {
        guard !entries.isEmpty else { return [] }
        let commands = entries.map { entry in
            var arguments: [any RedisArgument] = [entry.key, entry.value, "PX", RedisClient.milliseconds(entry.ttl)]
            if onlyIfAbsent { arguments.append("NX") }
            return RedisCommand("SET", arguments: arguments)
        }
        return try await client.pipeline(commands, namespace: namespace).map { result in try !result.get().isNull }
    }

    /// KEYS[1] the key; ARGV: the expected bytes, then the replacement and its time to live in
    /// milliseconds (none: remove). Answers 1 when it swapped.
    static let swapScript = RedisScript("""
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        if #ARGV == 1 then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
        return 1
        """, sha1: "d500b06d366c9832aeb457dc53580cf95ee53c1a")

    static func swapCommand(_ swap: CacheSwap, loaded: Bool) -> RedisCommand {
        var arguments: [any RedisArgument] = [swap.expected]
        if let replacement = swap.replacement { arguments += [replacement.value, RedisClient.milliseconds(replacement.ttl)] }
        return swapScript.command(keys: [swap.key], arguments: arguments, loaded: loaded)
    }
}
