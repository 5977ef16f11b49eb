/// A Lua script run by its SHA-1 (`EVALSHA`), sent whole (`EVAL`) when the server does not have
/// it yet, such as after a restart.
public struct RedisScript: Sendable, Hashable {
    /// The script.
    public let source: String
    /// Its SHA-1 in hex, as `SCRIPT LOAD` answers it (tests check each script's).
    public let sha1: String

    /// A script and its SHA-1.
    public init(_ source: String, sha1: String) {
        self.source = source
        self.sha1 = sha1
    }

    /// `EVALSHA sha1 numkeys keys… arguments…`, or `EVAL` with the source when not `loaded`.
    public func command(keys: [String], arguments: [any RedisArgument], loaded: Bool = true) -> RedisCommand {
        RedisCommand(loaded ? "EVALSHA" : "EVAL", arguments: [loaded ? sha1 : source, keys.count] + keys + arguments)
    }
}

extension RedisClient {
    /// Runs `script` with `keys` and `arguments`: by SHA-1, then whole if the server answers
    /// `NOSCRIPT`.
    @discardableResult
    public func evaluate(_ script: RedisScript, keys: [String], arguments: [any RedisArgument], namespace: String? = nil) async throws -> RedisReply {
        do {
            return try await send(script.command(keys: keys, arguments: arguments), namespace: namespace)
        } catch RedisError.server(let error) where error.code == "NOSCRIPT" {
            return try await send(script.command(keys: keys, arguments: arguments, loaded: false), namespace: namespace)
        }
    }
}
