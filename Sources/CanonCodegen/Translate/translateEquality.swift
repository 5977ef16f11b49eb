import CanonSchema

extension Translator {
    /// `==` and `hash(into:)` over every stored field, as `Hashable` would synthesize them, but
    /// comparing through the runtime's one generic `FieldEquality.same`: a synthesized `==`
    /// makes the type checker weigh every `==` overload in scope at every field.
    func equalityDeclarations(_ decl: ModelDecl) -> [Declaration] {
        let names = decl.fields.map(\.storageName)
        let comparisons = names.map { name in
            CodeBlock.guardStatement(
                condition: Expression.identifier("CanonRuntime.FieldEquality.same").call([
                    (nil, Expression.identifier("lhs").dot(name)), (nil, Expression.identifier("rhs").dot(name)),
                ]),
                otherwise: [.returnStatement(.literal(.bool(false)))])
        }
        let equal = FunctionDeclaration(access: config.access, isStatic: true, name: "==",
                                        parameters: [Parameter(name: "lhs", type: .named("Self")),
                                                     Parameter(name: "rhs", type: .named("Self"))],
                                        returnType: .named("Swift.Bool"),
                                        body: comparisons + [.returnStatement(.literal(.bool(true)))])
        let hash = FunctionDeclaration(access: config.access, name: "hash",
                                       parameters: [Parameter(label: "into", name: "hasher", type: .named("inout Swift.Hasher"))],
                                       body: names.map { name in
                                           .expression(Expression.identifier("hasher").dot("combine").call([(nil, Expression.identifier("self").dot(name))]))
                                       })
        return [
            .documented(Documentation(["Whether every stored field is equal."]), .function(equal)),
            .documented(Documentation(["Hashes every stored field."]), .function(hash)),
        ]
    }
}
