/// A type whose stored properties a ``FieldTable`` describes: every generated model and
/// embedded type.
///
/// Through it a model's table reaches into the tables of the embedded types it holds, so that a
/// key path such as `\Casefile.owner.userId` names the stored field `owner.user_id` in typed
/// queries and partial updates.
@_spi(Generated)
public protocol FieldTableModel {
    /// The table describing the type's stored properties.
    static var storedFields: FieldTable<Self> { get }
}

extension FieldTableModel {
    /// Every stored property of the type, and of the embedded types it holds, with its storage
    /// path and whether it writes nil as null.
    static var storagePaths: [FieldStoragePath] { storedFields.storagePaths }
}
