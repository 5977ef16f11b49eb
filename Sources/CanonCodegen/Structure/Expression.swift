/// A literal value.
indirect enum Literal: Hashable, Sendable {
    case string(String)
    case int(Int64)
    /// A floating-point literal, kept as its Swift spelling (`0.5`, `.infinity` is not a literal).
    case double(String)
    case bool(Bool)
    case `nil`
    case array([Expression])
    case dictionary([DictionaryEntry])
}

/// One `key: value` of a dictionary literal.
struct DictionaryEntry: Hashable, Sendable {
    var key: Expression
    var value: Expression
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
    case awaitExpression(Expression)
    /// `\Root.a.b`, or `\.a.b` when the root is inferred.
    case keyPath(root: TypeName?, path: [String])
    /// `lhs op rhs`.
    case binary(Expression, String, Expression)
    /// `Type.self`.
    case metatype(TypeName)
    /// `expression!`, for literals the validator has already proven valid.
    case forceUnwrap(Expression)
    /// `expression?`, to chain a member access on an optional.
    case optionalChain(Expression)
    /// `&name`, passing a variable `inout`.
    case inoutArgument(String)
    /// `callee { parameters in body }`: a call whose only argument is a trailing closure.
    case trailingClosure(Expression, parameters: [String], body: [CodeBlock])

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
    /// `let name: Type = value` / `var …`
    case binding(kind: VariableDeclaration.Kind, name: String, type: TypeName?, value: Expression?)
    /// `lhs = rhs`
    case assignment(Expression, Expression)
    /// `return value`
    case returnStatement(Expression?)
    /// `throw value`
    case throwStatement(Expression)
    /// `if let name = value { then } else { otherwise }`
    case ifLet(name: String, value: Expression, then: [CodeBlock], otherwise: [CodeBlock]?)
    /// `switch subject { cases }`
    case switchStatement(subject: Expression, cases: [SwitchCase])
}

/// One `case` of a `switch`.
struct SwitchCase: Hashable, Sendable {
    /// The patterns; empty for `default`.
    var patterns: [Expression]
    var body: [CodeBlock]
}
