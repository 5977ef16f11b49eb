/// Where one stored property of a model is kept among a document's fields: directly, or inside
/// the embedded types it is reached through.
@_spi(Generated)
public struct FieldStoragePath: @unchecked Sendable {  // key paths are immutable
    /// The property, from the model.
    public let keyPath: AnyKeyPath
    /// The storage keys from the document down to the field: `["owner", "user_id"]`.
    public let keys: [String]
    /// Whether the property is nullable and not optional: nil is written as null, where an
    /// optional property's nil is written as no key.
    public let writesNilAsNull: Bool
}
