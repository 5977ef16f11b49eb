/// A Swift type as written in generated code.
indirect enum TypeName: Hashable, Sendable, CustomStringConvertible {
    /// A named type, possibly qualified (`Swift.String`, `CanonRuntime.Timestamp`).
    case named(String)
    /// `T?`
    case optional(TypeName)
    /// `[T]`
    case array(TypeName)
    /// `[K: V]`
    case dictionary(key: TypeName, value: TypeName)
    /// `Base<Arguments>`
    case generic(String, [TypeName])
    /// `any P`
    case existential(String)

    var description: String {
        switch self {
        case .named(let name): name
        case .optional(let wrapped): "\(wrapped)?"
        case .array(let element): "[\(element)]"
        case .dictionary(let key, let value): "[\(key): \(value)]"
        case .generic(let base, let arguments): "\(base)<\(arguments.map(\.description).joined(separator: ", "))>"
        case .existential(let name): "any \(name)"
        }
    }

    /// The type with one level of optionality removed.
    var unwrapped: TypeName {
        if case .optional(let wrapped) = self { return wrapped }
        return self
    }

    static let string = TypeName.named("Swift.String")
    static let bool = TypeName.named("Swift.Bool")
    static let int = TypeName.named("Swift.Int")
    static let double = TypeName.named("Swift.Double")
}
