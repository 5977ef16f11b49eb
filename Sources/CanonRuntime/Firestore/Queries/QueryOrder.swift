/// An ordering of a named query.
@_spi(Generated) public struct QueryOrder: Sendable, Hashable {
    /// The field, by storage key path.
    public var field: FieldPath
    /// Whether the order is descending.
    public var descending: Bool

    /// An ordering by the field at the dotted storage-key path `field` (a key containing a dot
    /// needs ``init(_:descending:)-(FieldPath,_)``).
    public init(_ field: String, descending: Bool = false) {
        self.init(FieldPath(field.split(separator: ".").map(String.init)), descending: descending)
    }

    /// An ordering by the field at `field`.
    public init(_ field: FieldPath, descending: Bool = false) {
        self.field = field
        self.descending = descending
    }
}
