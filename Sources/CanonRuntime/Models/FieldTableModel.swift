/// A type whose stored properties a ``FieldTable`` describes: every generated model and
/// embedded type.
///
/// Through it a model's table reaches into the tables of the embedded types it holds, so that a
/// key path such as `\Casefile.owner.userId` names the stored field `owner.user_id` in typed
/// queries and partial updates. Sendable, as every generated type is, so that its metatype may be
/// captured by the table's deferred lookups.
@_spi(Generated)
public protocol FieldTableModel: Sendable {
    /// The table describing the type's stored properties.
    static var storedFields: FieldTable<Self> { get }
}

extension FieldTableModel {
    /// Every stored property of the type, and of the embedded types it holds, with its storage
    /// path and whether it writes nil as null.
    static var storagePaths: [FieldStoragePath] { storedFields.storagePaths }
}
