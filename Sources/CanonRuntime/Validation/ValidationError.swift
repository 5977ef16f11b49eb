/// Every constraint a value violates, found in one pass by a generated `validate()`.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One violated constraint.
    public struct Issue: Sendable, Hashable, CustomStringConvertible {
        /// The field path, such as `preferences.locale` or `tags[3]`.
        public var path: String
        /// The constraint, as the schema names it (`max_length`, `pattern`, …).
        public var constraint: String
        /// What is wrong, for people.
        public var message: String

        /// Creates an issue.
        public init(path: String, constraint: String, message: String) {
            self.path = path
            self.constraint = constraint
            self.message = message
        }

        public var description: String { "\(path): \(message)" }
    }

    /// The type that was validated.
    public var typeName: String
    /// The violations, in field order.
    public var issues: [Issue]

    /// Creates an error.
    public init(typeName: String, issues: [Issue]) {
        self.typeName = typeName
        self.issues = issues
    }

    public var description: String {
        "\(typeName) is invalid: " + issues.map(\.description).joined(separator: "; ")
    }
}
