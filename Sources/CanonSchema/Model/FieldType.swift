/// The type of a field, a parameter or a list element, as written in a type expression.
///
/// Grammar: `string`, `ref<collection>`, `[T]`, `[string: T]`, or the name of an enum or an
/// embedded type. Names are resolved against the schema set by ``SchemaSet/lookup(_:)``.
public indirect enum FieldType: Sendable, Hashable, CustomStringConvertible {
    /// A built-in scalar.
    case builtin(BuiltinType)
    /// An enum or embedded type, by name.
    case named(String)
    /// A typed reference to a document of the named collection.
    case reference(collection: String)
    /// A list.
    case array(FieldType)
    /// A map with string keys.
    case map(FieldType)

    /// The type as the schema language writes it.
    public var description: String {
        switch self {
        case .builtin(let builtin): builtin.rawValue
        case .named(let name): name
        case .reference(let collection): "ref<\(collection)>"
        case .array(let element): "[\(element)]"
        case .map(let value): "[string: \(value)]"
        }
    }

    /// Every name the expression mentions, innermost last.
    public var namedTypes: [String] {
        switch self {
        case .builtin, .reference: []
        case .named(let name): [name]
        case .array(let element), .map(let element): element.namedTypes
        }
    }

    /// Whether the expression is a list or a map at its top.
    public var isContainer: Bool {
        switch self {
        case .array, .map: true
        default: false
        }
    }
}
