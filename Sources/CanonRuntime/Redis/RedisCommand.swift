/// One Redis command: its name and arguments as bytes, sent binary-safe (`redisAppendCommandArgv`).
///
/// ```swift
/// let command = RedisCommand("SET", "user:42", payload, "PX", 30_000)
/// ```
public struct RedisCommand: Sendable, Hashable, CustomStringConvertible {
    /// The name, then each argument.
    public var arguments: [[UInt8]]

    /// A command from its name and arguments.
    public init(_ name: String, _ arguments: any RedisArgument...) {
        self.init(name, arguments: arguments)
    }

    /// A command from its name and a list of arguments.
    public init(_ name: String, arguments: [any RedisArgument]) {
        self.arguments = [Array(name.utf8)] + arguments.map(\.redisArgument)
    }

    /// The command's name in capitals, as logs, traces and errors name it.
    public var name: String { String(decoding: arguments.first ?? [], as: UTF8.self).uppercased() }

    /// The name alone: arguments may hold keys and values that logs must not see.
    public var description: String { name }
}

/// A value that can be sent as an argument of a ``RedisCommand``.
public protocol RedisArgument: Sendable {
    /// The bytes sent.
    var redisArgument: [UInt8] { get }
}

/// Strings are sent as their UTF-8 bytes.
extension String: RedisArgument {
    /// The UTF-8 bytes.
    public var redisArgument: [UInt8] { Array(utf8) }
}

/// Substrings are sent as their UTF-8 bytes.
extension Substring: RedisArgument {
    /// The UTF-8 bytes.
    public var redisArgument: [UInt8] { Array(utf8) }
}

/// Byte arrays are sent as they are.
extension Array: RedisArgument where Element == UInt8 {
    /// The bytes as they are.
    public var redisArgument: [UInt8] { self }
}

/// Integers are sent in decimal, as Redis reads them.
extension Int: RedisArgument {
    /// The decimal digits, as Redis reads integers.
    public var redisArgument: [UInt8] { Array(String(self).utf8) }
}

/// Integers are sent in decimal, as Redis reads them.
extension Int64: RedisArgument {
    /// The decimal digits, as Redis reads integers.
    public var redisArgument: [UInt8] { Array(String(self).utf8) }
}

/// Bytes are sent as they are.
extension Bytes: RedisArgument {
    /// The bytes as they are.
    public var redisArgument: [UInt8] { Array(data) }
}

/// Doubles are sent in decimal, as Redis reads them (timeouts of blocking commands, scores).
extension Double: RedisArgument {
    /// The shortest decimal form that reads back as the same value, as Redis reads floats.
    public var redisArgument: [UInt8] { Array("\(self)".utf8) }
}
