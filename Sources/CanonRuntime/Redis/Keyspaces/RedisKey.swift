/// The key of one value in a Redis keyspace: generated for each keyspace from its key pattern
/// (`canon:rl:{subject}:{window_start}`), one property per placeholder.
public protocol RedisKey: Hashable, Sendable {
    /// The model the keyspace stores.
    associatedtype Model
    /// The key of `model`: its placeholder fields' values.
    init(_ model: Model)
    /// The pattern's parts with this key's values.
    var parts: [RedisKeyPart] { get }
}

/// One part of a key pattern: literal text, or a placeholder's value.
public enum RedisKeyPart: Sendable, Hashable {
    /// Text written as it is.
    case literal(String)
    /// A placeholder's value as text, with the field's schema name (for errors).
    case value(field: String, text: String)
}

extension RedisKey {
    /// The longest a placeholder's value may be, in UTF-8 bytes before escaping.
    public static var maximumValueLength: Int { 512 }

    /// The key's text: literals as written, values escaped as ``RedisKeyText`` says, so that no
    /// value changes the key's structure.
    ///
    /// - Throws: ``RedisKeyspaceError/invalidKey(field:reason:)`` for an empty value or one over
    ///   ``RedisKey/maximumValueLength`` bytes.
    public func text() throws -> String {
        var text = ""
        for part in parts {
            switch part {
            case .literal(let literal):
                text += literal
            case .value(let field, let value):
                if value.isEmpty { throw RedisKeyspaceError.invalidKey(field: field, reason: "is empty") }
                if value.utf8.count > Self.maximumValueLength {
                    throw RedisKeyspaceError.invalidKey(field: field, reason: "is \(value.utf8.count) bytes long, over the \(Self.maximumValueLength) a key part may have")
                }
                text += RedisKeyText.escape(value)
            }
        }
        return text
    }
}

/// Why a keyspace operation failed before or after Redis answered; Redis's own failures are
/// ``RedisError``s.
public enum RedisKeyspaceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A placeholder's value cannot make a key; nothing was sent.
    case invalidKey(field: String, reason: String)
    /// The value stored under a key does not read as the keyspace's model (written by another
    /// shape, or by something else).
    case undecodable(keyspace: String, reason: String)
    /// A key path that names no stored field of the model (increments take a direct integer
    /// field); nothing was sent.
    case unmappedField(String)
    /// The stored field an increment names does not hold an integer (the script failed before
    /// changing anything).
    case notAnInteger(field: String)

    /// What went wrong, naming the field or keyspace; never a value.
    public var description: String {
        switch self {
        case .invalidKey(let field, let reason): "the key's '\(field)' \(reason)"
        case .undecodable(let keyspace, let reason): "a value in the Redis keyspace '\(keyspace)' does not read as its model: \(reason)"
        case .unmappedField(let property): "\(property) is not a stored field of the model"
        case .notAnInteger(let field): "the stored '\(field)' is not an integer"
        }
    }
}
