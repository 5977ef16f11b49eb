/// A `deprecated:` marker and the message that tells users what to use instead.
public struct Deprecation: Sendable, Hashable {
    /// The message; empty when the schema gave none (which is a warning).
    public var message: String
    /// Where `deprecated:` was written.
    public var location: SourceLocation
}

/// What every named declaration carries besides its content.
public struct DeclarationInfo: Sendable, Hashable {
    /// The name as written in the schema.
    public var name: String
    /// Where the name was written.
    public var location: SourceLocation
    /// The `doc:` string, if any.
    public var doc: String?
    /// The `deprecated:` marker, if any.
    public var deprecation: Deprecation?

    /// Creates declaration info.
    public init(name: String, location: SourceLocation, doc: String? = nil, deprecation: Deprecation? = nil) {
        self.name = name
        self.location = location
        self.doc = doc
        self.deprecation = deprecation
    }
}
