/// A retired embedded type, kept to read old documents.
///
/// - Warning: Deprecated. Use Span.
///
/// - Remark: Generated from `translateFieldTable-aliases.yaml:3`.
@available(*, deprecated, message: "Use Span.")
public struct Window: Swift.Codable, Swift.Sendable, Swift.Hashable, CanonRuntime.Validatable {
    /// - Remark: Generated from `translateFieldTable-aliases.yaml:7`.
    public var start: CanonRuntime.Timestamp

    /// Nullable: the stored document always has `end`; `nil` is stored as null.
    ///
    /// - Remark: Generated from `translateFieldTable-aliases.yaml:8`.
    public var end: CanonRuntime.Timestamp?

    /// Optional: `nil` when the stored document has no `label`.
    ///
    /// - Remark: Generated from `translateFieldTable-aliases.yaml:9`.
    public var label: Swift.String?

    /// Creates a `Window`; parameters with a default may be left out.
    public init(start: CanonRuntime.Timestamp, end: CanonRuntime.Timestamp? = nil, label: Swift.String? = nil) {
        self.start = start
        self.end = end
        self.label = label
    }

    /// Decodes a stored document, applying defaults to absent keys and reading older keys.
    public init(from decoder: any Swift.Decoder) throws {
        self = try Self.storedFields.decode(from: decoder)
    }

    /// Encodes the fields under their storage keys: absent optional fields write no key, nil nullable fields write null.
    public func encode(to encoder: any Swift.Encoder) throws {
        try Self.storedFields.encode(self, to: encoder)
    }

    /// Whether every stored field is equal.
    public static func == (lhs: Self, rhs: Self) -> Swift.Bool {
        Self.storedFields.equal(lhs, rhs)
    }

    /// Feeds every stored field to the hasher.
    public func hash(into hasher: inout Swift.Hasher) {
        Self.storedFields.hash(self, into: &hasher)
    }

    /// Checks every constraint of the schema.
    ///
    /// - Throws: `CanonRuntime.ValidationError` listing every violation at once.
    public func validate() throws {}
}

/// How the runtime codes, compares and hashes `Window`: for generated code only.
@available(*, deprecated, message: "Use Span.")
@_spi(Generated)
extension Window: CanonRuntime.FieldTableModel {
    /// The stored fields: storage keys, older keys read but no longer written, defaults, and whether a
    /// field may be absent or null. Coding, `==` and `hash(into:)` run through it.
    public static let storedFields = CanonRuntime.FieldTable<Window> { fields in
        fields.field(\.start, "start")
        fields.alias("begin", of: \.start)
        fields.alias("from", of: \.start)
        fields.nullable(\.end, "end")
        fields.optional(\.label, "label")
    }
}
