import Testing
@testable import CanonCodegen

@Suite("Swift renderer")
struct RendererTests {
    @Test("escapes string literals", arguments: [
        ("plain", "\"plain\""), ("a\"b", "\"a\\\"b\""), ("back\\slash", "\"back\\\\slash\""), ("line\nbreak", "\"line\\nbreak\""),
        ("tab\t", "\"tab\\t\""), ("nul\u{0}", "\"nul\\0\""), ("bell\u{7}", "\"bell\\u{7}\""), ("\\(x)", "\"\\\\(x)\""), ("é", "\"é\""),
    ])
    func stringLiterals(text: String, expected: String) {
        #expect(SwiftRenderer.stringLiteral(text) == expected)
    }

    @Test("renders a file deterministically with four-space indentation")
    func file() {
        let file = SwiftFile(
            name: "X.swift", header: ["Header"], imports: [Import(module: "Foundation")],
            declarations: [
                .documented(Documentation(["A thing.", "", "More."]), .structure(StructDeclaration(
                    access: .public, name: "Thing", conformances: ["Swift.Sendable"],
                    members: [
                        .variable(VariableDeclaration(access: .public, kind: .var, name: "a", type: .int)),
                        .variable(VariableDeclaration(access: .public, kind: .var, name: "b", type: .optional(.string))),
                        .function(FunctionDeclaration(access: .public, name: "f", parameters: [Parameter(label: "_", name: "x", type: .int)],
                                                      throwsType: .typed(.named("E")), returnType: .int,
                                                      body: [.returnStatement(.binary(.identifier("x"), "+", .literal(.int(1))))])),
                    ]))),
            ])
        let expected = """
            // Header

            import Foundation

            /// A thing.
            ///
            /// More.
            public struct Thing: Swift.Sendable {
                public var a: Swift.Int
                public var b: Swift.String?

                public func f(_ x: Swift.Int) throws(E) -> Swift.Int {
                    return x + 1
                }
            }

            """
        #expect(SwiftRenderer.render(file) == expected)
    }

    @Test("renders switches and optional chains")
    func code() {
        let switchBlock = CodeBlock.switchStatement(subject: .identifier("v"), cases: [
            SwitchCase(patterns: [.member(nil, "a"), .member(nil, "b")], body: [.returnStatement(.literal(.int(1)))]),
            SwitchCase(patterns: [], body: [.returnStatement(.member(.optionalChain(.identifier("x")), "count"))]),
        ])
        let function = FunctionDeclaration(name: "g", body: [switchBlock])
        let text = SwiftRenderer.render(SwiftFile(name: "Y.swift", header: [], imports: [], declarations: [.function(function)]))
        #expect(text == """

            func g() {
                switch v {
                case .a, .b:
                    return 1
                default:
                    return x?.count
                }
            }

            """)
    }
}
