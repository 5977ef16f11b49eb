/// The types the schema language knows without a declaration.
public enum BuiltinType: String, Sendable, Hashable, CaseIterable {
    /// UTF-8 text.
    case string
    /// `true` or `false`.
    case bool
    /// A signed 64-bit integer.
    case int
    /// A 64-bit IEEE 754 number.
    case double
    /// An instant with nanosecond precision, stored as a Firestore timestamp.
    case timestamp
    /// Raw bytes.
    case bytes
    /// A UUID, stored as its canonical lowercase string.
    case uuid
    /// An absolute URL, stored as a string.
    case url
    /// A latitude and longitude.
    case geopoint
    /// The document ID of the enclosing model.
    case id

    /// Whether values of the type have an order Firestore range filters can use.
    public var isOrderable: Bool {
        switch self {
        case .string, .int, .double, .timestamp, .bytes, .uuid, .url, .id: true
        case .bool, .geopoint: false
        }
    }
}
