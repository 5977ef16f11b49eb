/// A Swift declaration.
indirect enum Declaration: Hashable, Sendable {
    /// A declaration with a documentation comment.
    case documented(Documentation, Declaration)
    /// A `struct`.
    case structure(StructDeclaration)
    /// An `enum`.
    case enumeration(EnumDeclaration)
    /// A `case` of an enum.
    case enumCase(EnumCaseDeclaration)
    /// A `let` or `var`.
    case variable(VariableDeclaration)
    /// A function or initializer.
    case function(FunctionDeclaration)
    /// A `typealias`.
    case typeAlias(access: AccessLevel?, name: String, type: TypeName)
    case extensionDecl(ExtensionDeclaration)
}

/// A `///` comment: paragraphs of text, rendered line by line.
struct Documentation: Hashable, Sendable {
    /// The lines, without `///`. Empty strings are paragraph breaks.
    var lines: [String]

    init(_ lines: [String]) { self.lines = lines }
}

/// `struct Name: Conformances { members }`.
struct StructDeclaration: Hashable, Sendable {
    var attributes: [String] = []
    var access: AccessLevel?
    var name: String
    var conformances: [String] = []
    var members: [Declaration] = []
}

/// `@attributes extension Name: Conformances { members }`.
struct ExtensionDeclaration: Hashable, Sendable {
    var attributes: [String] = []
    var extendedType: String
    var conformances: [String] = []
    /// `where Model == ToolRequest`, without the `where`.
    var whereClause: String?
    var members: [Declaration] = []
}

/// `enum Name: Conformances { members }`.
struct EnumDeclaration: Hashable, Sendable {
    var attributes: [String] = []
    var access: AccessLevel?
    var name: String
    var conformances: [String] = []
    var members: [Declaration] = []
}

/// `case name = raw` or `case name(Type)`.
struct EnumCaseDeclaration: Hashable, Sendable {
    var attributes: [String] = []
    var name: String
    var rawValue: Literal?
    var associatedTypes: [TypeName] = []
}

/// `let`/`var name: Type = value`, or a computed property.
struct VariableDeclaration: Hashable, Sendable {
    enum Kind: String, Hashable, Sendable {
        case `let`
        case `var`
    }

    var attributes: [String] = []
    var access: AccessLevel?
    var isStatic = false
    var kind: Kind
    var name: String
    var type: TypeName?
    var value: Expression?
    /// A getter's body, for a computed property.
    var getter: [CodeBlock]?
    /// A setter's body (with `newValue`), for a computed property.
    var setter: [CodeBlock]?

    /// Stored, or computed by one expression: rendered on one line, so runs of them need no
    /// blank lines between them.
    var isCompact: Bool {
        guard let getter else { return true }
        guard setter == nil, getter.count == 1, case .expression = getter[0] else { return false }
        return true
    }
}

/// A function, or an initializer when `name` is nil.
struct FunctionDeclaration: Hashable, Sendable {
    var attributes: [String] = []
    var access: AccessLevel?
    var isStatic = false
    /// nil for `init`.
    var name: String?
    var isFailable = false
    var parameters: [Parameter] = []
    var isAsync = false
    /// `throws` (nil type) or `throws(Type)`; nil when the function does not throw.
    var throwsType: ThrowsClause?
    var returnType: TypeName?
    var body: [CodeBlock]

    /// `throws` or `throws(E)`.
    enum ThrowsClause: Hashable, Sendable {
        case untyped
        case typed(TypeName)
    }
}

/// A function parameter: `label name: Type = default`.
struct Parameter: Hashable, Sendable {
    /// The argument label; nil when it equals `name`, `_` to omit it.
    var label: String?
    var name: String
    var isInout = false
    var type: TypeName
    var defaultValue: Expression?
}
