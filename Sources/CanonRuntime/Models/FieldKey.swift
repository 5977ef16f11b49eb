/// The coding key of one stored field, as a ``FieldTable`` codes it.
///
/// One key type for every model, instead of a `String`-backed `CodingKey` enum per model: such an
/// enum makes the compiler synthesize half a dozen conformance members per model.
///
/// Internal, yet usable from the table's inlinable code, which generated modules specialize.
@usableFromInline
struct FieldKey: CodingKey, Sendable, Hashable {
    /// The key as stored.
    @usableFromInline let stringValue: String

    /// A key stored as `stringValue`.
    @usableFromInline init(_ stringValue: String) { self.stringValue = stringValue }

    @usableFromInline init?(stringValue: String) { self.stringValue = stringValue }

    /// Always nil: stored fields are named, never numbered.
    @usableFromInline var intValue: Int? { nil }

    /// Always nil: stored fields are named, never numbered.
    @usableFromInline init?(intValue: Int) { nil }
}

extension FieldKey {
    /// A key from a literal, as generated field tables spell them.
    init(_ literal: StaticString) {
        self.init(literal.withUTF8Buffer { String(decoding: $0, as: UTF8.self) })
    }
}
