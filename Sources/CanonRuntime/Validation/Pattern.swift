/// A regular expression from a schema's `pattern:`, compiled once and matched against whole
/// strings.
public struct Pattern: Sendable {
    /// The expression as written in the schema.
    public let source: String
    private let regex: Regex<AnyRegexOutput>?

    /// Compiles `source`. The validator has already checked that it compiles; a pattern that
    /// somehow does not matches nothing.
    public init(_ source: String) {
        self.source = source
        self.regex = try? Regex(source)
    }

    /// Whether the whole of `value` matches.
    public func matches(_ value: String) -> Bool {
        guard let regex else { return false }
        return (try? regex.wholeMatch(in: value)) != nil
    }
}
