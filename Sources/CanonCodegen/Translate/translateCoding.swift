import CanonSchema

extension Translator {
    /// The `init(from:)` and `encode(to:)` that run through the model's field table.
    func codingDeclarations(_ decl: ModelDecl) -> [Declaration] {
        let decoder = FunctionDeclaration(
            access: config.access, name: nil, parameters: [Parameter(label: "from", name: "decoder", type: .existential("Swift.Decoder"))],
            throwsType: .untyped,
            body: [.assignment(.identifier("self"), .tryExpression(Self.table.dot("decode").call([("from", .identifier("decoder"))]), optional: false))])
        let encoder = FunctionDeclaration(
            access: config.access, name: "encode", parameters: [Parameter(label: "to", name: "encoder", type: .existential("Swift.Encoder"))],
            throwsType: .untyped,
            body: [.expression(.tryExpression(Self.table.dot("encode").call([(nil, .identifier("self")), ("to", .identifier("encoder"))]), optional: false))])
        return [
            .documented(Documentation(["Decodes a stored document, applying defaults to absent keys and reading older keys."]), .function(decoder)),
            .documented(Documentation(["Encodes the fields under their storage keys: absent optional fields write no key, nil nullable fields write null."]),
                        .function(encoder)),
        ]
    }

    /// `Self.storedFields`
    static let table = Expression.identifier("Self").dot("storedFields")
}
