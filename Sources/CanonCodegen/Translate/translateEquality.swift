import CanonSchema

extension Translator {
    /// `==` and `hash(into:)` over every stored field, through the model's field table: the same
    /// meaning as the synthesized ones, without a comparison and a hash call per field to compile.
    func equalityDeclarations(_ decl: ModelDecl) -> [Declaration] {
        let equal = FunctionDeclaration(
            access: config.access, isStatic: true, name: "==",
            parameters: [Parameter(name: "lhs", type: .named("Self")), Parameter(name: "rhs", type: .named("Self"))],
            returnType: .named("Swift.Bool"),
            body: [.expression(Self.table.dot("equal").call([(nil, .identifier("lhs")), (nil, .identifier("rhs"))]))])
        let hash = FunctionDeclaration(
            access: config.access, name: "hash", parameters: [Parameter(label: "into", name: "hasher", isInout: true, type: .named("Swift.Hasher"))],
            body: [.expression(Self.table.dot("hash").call([(nil, .identifier("self")), ("into", .inoutArgument("hasher"))]))])
        return [
            .documented(Documentation(["Whether every stored field is equal."]), .function(equal)),
            .documented(Documentation(["Feeds every stored field to the hasher."]), .function(hash)),
        ]
    }
}
