/// An embedded type with defaults and constraints.
///
/// - Remark: Generated from `translateModel-constraints.yaml:3`.
public struct Size: Swift.Codable, Swift.Sendable, Swift.Hashable, CanonRuntime.Validatable {
    /// - Remark: Generated from `translateModel-constraints.yaml:6`.
    public var width: Swift.Double

    /// Optional: `nil` when the stored document has no `label`.
    ///
    /// - Remark: Generated from `translateModel-constraints.yaml:7`.
    public var label: Swift.String?

    /// Nullable: the stored document always has `note`; `nil` is stored as null.
    ///
    /// - Remark: Generated from `translateModel-constraints.yaml:8`.
    public var note: Swift.String?

    /// Creates a `Size`; parameters with a default may be left out.
    public init(width: Swift.Double = 1.0, label: Swift.String? = nil, note: Swift.String? = nil) {
        self.width = width
        self.label = label
        self.note = note
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

    private static let labelPattern = CanonRuntime.Pattern("[a-z]+")

    /// Checks every constraint of the schema.
    ///
    /// - Throws: `CanonRuntime.ValidationError` listing every violation at once.
    public func validate() throws {
        var validator = CanonRuntime.Validator(typeName: "Size")
        validator.checkDouble(self.width, "width", min: 0.0)
        validator.checkString(self.label, "label", maxLength: 20, pattern: Self.labelPattern)
        try validator.finish()
    }
}

/// How the runtime codes, compares and hashes `Size`: for generated code only.
@_spi(Generated)
extension Size: CanonRuntime.FieldTableModel {
    /// The stored fields: storage keys, older keys read but no longer written, defaults, and whether a
    /// field may be absent or null. Coding, `==` and `hash(into:)` run through it.
    public static let storedFields = CanonRuntime.FieldTable<Size> { fields in
        fields.field(\.width, "width", default: 1.0)
        fields.optional(\.label, "label")
        fields.nullable(\.note, "note")
    }
}
