/// A reply from Redis, typed as RESP2 types it.
///
/// A command's own error reply is not a reply but a thrown ``RedisError/server(_:)``; errors
/// appear as values only inside arrays, where `EXEC` reports each queued command.
public enum RedisReply: Sendable, Hashable {
    /// A simple string, such as `OK` or `PONG`.
    case status(String)
    /// An integer.
    case integer(Int64)
    /// A bulk string: bytes, binary-safe.
    case bulk([UInt8])
    /// The null bulk string or null array: no value.
    case null
    /// An array of replies.
    case array([RedisReply])
    /// An error inside an array.
    case error(RedisServerError)

    /// The bytes of a bulk string or status; nil otherwise.
    public var bytes: [UInt8]? {
        switch self {
        case .bulk(let bytes): bytes
        case .status(let text): Array(text.utf8)
        default: nil
        }
    }

    /// A bulk string or status as UTF-8 text (invalid sequences repaired); nil otherwise.
    public var string: String? { bytes.map { String(decoding: $0, as: UTF8.self) } }

    /// An integer, or a bulk string holding one (`GET` of a counter); nil otherwise.
    public var integer: Int64? {
        switch self {
        case .integer(let value): value
        case .bulk(let bytes): Int64(String(decoding: bytes, as: UTF8.self))
        default: nil
        }
    }

    /// The elements of an array; nil otherwise.
    public var array: [RedisReply]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// Whether this is the null reply.
    public var isNull: Bool { self == .null }
}

/// An error reply: Redis's error code (its first word, such as `ERR`, `WRONGTYPE`, `NOAUTH`)
/// and message.
public struct RedisServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The first word of the reply.
    public var code: String
    /// The whole reply, as Redis sent it.
    public var message: String
    /// The command it answered, when known.
    public var command: String?

    /// An error from the text of an error reply.
    public init(message: String, command: String? = nil) {
        self.message = message
        self.command = command
        code = String(message.prefix { $0 != " " })
    }

    /// The reply's text.
    public var description: String { message }
}
