/// The coding key of one stored field: what a generated model's `CodingKeys` hold.
///
/// Generated models name their keys as static properties of this one type instead of declaring a
/// `String`-backed `CodingKey` enum each: such an enum makes the compiler synthesize half a dozen
/// conformance members per model, a large part of a generated module's debug build.
public struct FieldKey: CodingKey, Sendable, Hashable {
    /// The key as stored.
    public let stringValue: String

    /// A key stored as `stringValue`.
    public init(_ stringValue: String) { self.stringValue = stringValue }

    public init?(stringValue: String) { self.stringValue = stringValue }

    /// Always nil: stored fields are named, never numbered.
    public var intValue: Int? { nil }

    /// Always nil: stored fields are named, never numbered.
    public init?(intValue: Int) { nil }
}
