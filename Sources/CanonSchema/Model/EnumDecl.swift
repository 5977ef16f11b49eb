/// An enum with string or integer raw values.
public struct EnumDecl: Sendable {
    /// The raw value type.
    public enum RawType: String, Sendable, Hashable {
        /// String raw values (the default); a value's raw value defaults to its name.
        case string
        /// Integer raw values, which every value must give.
        case int
    }

    /// One value of the enum.
    public struct Case: Sendable {
        /// Name, location, doc and deprecation.
        public var info: DeclarationInfo
        /// The Swift case name: the name in lowerCamelCase.
        public var swiftName: String
        /// The stored raw value.
        public var rawValue: Located<ConstantValue>
    }

    /// Name, location, doc and deprecation.
    public var info: DeclarationInfo
    /// String or int.
    public var rawType: RawType
    /// Open enums keep unknown stored values (they round-trip); closed ones reject them.
    public var isOpen: Bool
    /// The values, in schema order.
    public var cases: [Case]
    /// Raw values that no value may use again (`reserved:`).
    public var reserved: [Located<ConstantValue>]
    /// Whether values were written but dropped while loading (so "no values" is not news).
    public var droppedValues = false
}
