/// The coding key of one stored field, as a ``FieldTable`` codes it.
///
/// One key type for every model, instead of a `String`-backed `CodingKey` enum per model: such an
/// enum makes the compiler synthesize half a dozen conformance members per model.
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

extension FieldKey {
    /// A key from a literal, as generated field tables spell them.
    init(_ literal: StaticString) {
        self.init(literal.withUTF8Buffer { String(decoding: $0, as: UTF8.self) })
    }
}
