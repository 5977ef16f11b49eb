import CanonSchema

extension Translator {
    /// `==` over every stored field, as `Equatable` would synthesize it, but comparing through
    /// the runtime's one generic `FieldEquality.same`: a synthesized `==` makes the type checker
    /// weigh every `==` overload in scope at every field. `hash(into:)` is left to the compiler,
    /// whose synthesized `hasher.combine` calls have no overloads to weigh.
    func equalityDeclarations(_ decl: ModelDecl) -> [Declaration] {
        let comparisons = decl.fields.map(\.storageName).map { name in
            CodeBlock.guardStatement(
                condition: Expression.identifier("CanonRuntime.FieldEquality.same").call([
                    (nil, Expression.identifier("lhs").dot(name)), (nil, Expression.identifier("rhs").dot(name)),
                ]),
                otherwise: [.returnStatement(.literal(.bool(false)))])
        }
        let equal = FunctionDeclaration(access: config.access, isStatic: true, name: "==",
                                        parameters: [Parameter(name: "lhs", type: .named("Self")), Parameter(name: "rhs", type: .named("Self"))],
                                        returnType: .named("Swift.Bool"),
                                        body: comparisons + [.returnStatement(.literal(.bool(true)))])
        return [.documented(Documentation(["Whether every stored field is equal."]), .function(equal))]
    }
}
