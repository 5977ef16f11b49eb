/// A Redis keyspace: a model stored in Redis alone, one value per key, with a TTL.
public struct KeyspaceDecl: Sendable {
    /// A key pattern such as `ratelimit:{subject}:{window_start}`.
    public struct KeyPattern: Sendable, Hashable, CustomStringConvertible {
        /// One part of a pattern.
        public enum Part: Sendable, Hashable {
            /// Literal text.
            case literal(String)
            /// A model field's value, by schema name.
            case field(Located<String>)
        }

        /// The parts, in order.
        public var parts: [Part]

        /// The pattern as written.
        public var description: String {
            parts.map {
                switch $0 {
                case .literal(let text): text
                case .field(let name): "{\(name.value)}"
                }
            }.joined()
        }

    }

    /// Name (the store's name), location, doc and deprecation.
    public var info: DeclarationInfo
    /// The stored model's name.
    public var model: Located<String>
    /// The key pattern; nil only in a set with errors, when it did not parse.
    public var key: Located<KeyPattern>?
    /// How long a value lives; nil only in a set with errors.
    public var ttl: Located<Duration>?
}
