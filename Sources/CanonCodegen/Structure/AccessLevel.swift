/// Swift's access levels that generated code may use.
public enum AccessLevel: String, Hashable, Sendable, CaseIterable, Codable {
    /// `public`
    case `public`
    /// `package`
    case package
    /// `internal`
    case `internal`
    /// `private`, for helpers inside generated types (never configurable).
    case `private`
}
