/// A model a ``RedisKeyspace`` stores: generated models of keyspaces conform.
///
/// A hand-written model may conform too; without a field table (generated models carry one
/// behind `@_spi(Generated)`), increments cannot name its fields by key path.
public protocol RedisStorable: Codable, Sendable, Validatable {
    /// The model's field table (for generated models, their `storedFields`): how increments find
    /// a field's storage key.
    @_spi(Generated) static var redisFieldTable: FieldTable<Self>? { get }
}

@_spi(Generated)
extension RedisStorable {
    public static var redisFieldTable: FieldTable<Self>? { nil }
}

@_spi(Generated)
extension RedisStorable where Self: FieldTableModel {
    /// The model's own table: every generated model has one.
    public static var redisFieldTable: FieldTable<Self>? { storedFields }
}
