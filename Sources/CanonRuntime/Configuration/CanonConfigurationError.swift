/// What is wrong with a ``CanonConfiguration``: every problem found, each naming its key, its
/// environment variable and the form expected. It never quotes a secret.
public struct CanonConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One key's problem.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The key, such as `redis.pool.max-connections`.
        public var key: String
        /// What is wrong, and the form expected.
        public var message: String

        /// Creates a problem.
        public init(key: String, message: String) {
            self.key = key
            self.message = message
        }

        /// The environment variable the key is read from, such as `REDIS_POOL_MAX_CONNECTIONS`.
        public var environmentVariable: String { CanonConfiguration.environmentVariable(for: key) }

        /// `key (VARIABLE): message`, or `file: message` for a configuration file.
        public var description: String {
            CanonConfiguration.keys.contains { $0.name == key } ? "\(key) (\(environmentVariable)): \(message)" : "\(key): \(message)"
        }
    }

    /// Every problem, in the order of the keys in `docs/Configuration.md`.
    public var problems: [Problem]

    /// Creates an error.
    public init(problems: [Problem]) { self.problems = problems }

    /// One line per problem.
    public var description: String {
        "invalid configuration (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n"
            + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
