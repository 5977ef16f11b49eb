/// How urgent a ticket is.
///
/// A closed enum: decoding a value it does not know throws `CanonRuntime.UnknownEnumValueError`.
///
/// - Remark: Generated from `translateEnum-closed.yaml:3`.
public enum Priority: Swift.String, Swift.Sendable, Swift.Hashable, Swift.Codable, Swift.CaseIterable {
    /// Whenever.
    ///
    /// - Remark: Generated from `translateEnum-closed.yaml:6`.
    case low

    /// - Remark: Generated from `translateEnum-closed.yaml:7`.
    case high = "urgent"

    public init(from decoder: any Swift.Decoder) throws {
        let container = try decoder.singleValueContainer()
        let rawValue = try container.decode(Swift.String.self)
        if let value = Self(rawValue: rawValue) {
            self = value
        } else {
            throw CanonRuntime.UnknownEnumValueError(typeName: "Priority", rawValue: Swift.String(describing: rawValue), codingPath: decoder.codingPath)
        }
    }
}
