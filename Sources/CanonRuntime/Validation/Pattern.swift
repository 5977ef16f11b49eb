/// A regular expression from a schema's `pattern:`, compiled once and matched against whole
/// strings.
@_spi(Generated)
public struct Pattern: Sendable {
    /// The expression as written in the schema.
    public let source: String
    private let compiled: CompiledRegex?

    /// Compiles `source`. The validator has already checked that it compiles; a pattern that
    /// somehow does not matches nothing.
    public init(_ source: String) {
        self.source = source
        self.compiled = (try? Regex(source)).map(CompiledRegex.init)
    }

    /// Whether the whole of `value` matches.
    public func matches(_ value: String) -> Bool {
        guard let compiled else { return false }
        return (try? compiled.regex.wholeMatch(in: value)) != nil
    }
}

/// `Regex<AnyRegexOutput>` is not `Sendable` only because its output type holds `Any`; the
/// compiled program itself is immutable and safe to match from many threads, which is all this
/// wrapper exposes.
private struct CompiledRegex: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
}
