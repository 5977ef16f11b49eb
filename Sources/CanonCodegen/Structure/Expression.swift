/// A literal value.
indirect enum Literal: Hashable, Sendable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case `nil`
    case array([Expression])
    case dictionary([(key: Expression, value: Expression)])

    static func == (lhs: Literal, rhs: Literal) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.double(let a), .double(let b)): a.bitPattern == b.bitPattern
        case (.bool(let a), .bool(let b)): a == b
        case (.nil, .nil): true
        case (.array(let a), .array(let b)): a == b
        case (.dictionary(let a), .dictionary(let b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: false
        }
    }

    func hash(into hasher: inout Hasher) {
        switch self {
        case .string(let value): hasher.combine(0); hasher.combine(value)
        case .int(let value): hasher.combine(1); hasher.combine(value)
        case .double(let value): hasher.combine(2); hasher.combine(value.bitPattern)
        case .bool(let value): hasher.combine(3); hasher.combine(value)
        case .nil: hasher.combine(4)
        case .array(let values): hasher.combine(5); hasher.combine(values)
        case .dictionary(let entries): hasher.combine(6); hasher.combine(entries.map(\.key)); hasher.combine(entries.map(\.value))
        }
    }
}

/// A Swift expression.
indirect enum Expression: Hashable, Sendable {
    /// A name: `value`, `self`, `Swift.String`.
    case identifier(String)
    /// A literal.
    case literal(Literal)
    /// `base.name`, or `.name` (implicit member) when base is nil.
    case member(Expression?, String)
    /// `callee(label: argument, …)`.
    case call(Expression, [Argument])
    /// `try expression`, `try? expression`.
    case tryExpression(Expression, optional: Bool)
    /// `await expression`.
    case awaitExpression(Expression)
    /// `lhs op rhs`.
    case binary(Expression, String, Expression)
    /// `!operand`, `-operand`.
    case prefix(String, Expression)
    /// `Type.self`.
    case metatype(TypeName)
    /// `&name`.
    case inOut(Expression)
    /// `{ parameters in body }` on one line, for short closures.
    case closure(parameters: [String], body: Expression)

    /// A call argument.
    struct Argument: Hashable, Sendable {
        var label: String?
        var value: Expression

        init(_ label: String?, _ value: Expression) {
            self.label = label
            self.value = value
        }
    }

    /// `name(args)` on self.
    func dot(_ name: String) -> Expression { .member(self, name) }

    /// `self(args)`.
    func call(_ arguments: [(String?, Expression)] = []) -> Expression {
        .call(self, arguments.map { Argument($0.0, $0.1) })
    }
}

/// A statement or declaration inside a code block.
indirect enum CodeBlock: Hashable, Sendable {
    case expression(Expression)
    case declaration(Declaration)
    /// `let name: Type = value` / `var …`
    case binding(kind: VariableDeclaration.Kind, name: String, type: TypeName?, value: Expression?)
    /// `lhs = rhs`
    case assignment(Expression, Expression)
    /// `return value`
    case returnStatement(Expression?)
    /// `throw value`
    case throwStatement(Expression)
    /// `if condition { then } else { otherwise }`
    case ifStatement(condition: Expression, then: [CodeBlock], otherwise: [CodeBlock]?)
    /// `if let name = value { then } else { otherwise }`
    case ifLet(name: String, value: Expression, then: [CodeBlock], otherwise: [CodeBlock]?)
    /// `switch subject { cases }`
    case switchStatement(subject: Expression, cases: [SwitchCase])
}

/// One `case` of a `switch`.
struct SwitchCase: Hashable, Sendable {
    /// The patterns, rendered as written; empty for `default`.
    var patterns: [String]
    var body: [CodeBlock]
}
