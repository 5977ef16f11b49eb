import Testing
@testable import CanonSchema

@Suite("Type expressions")
struct TypeExpressionParserTests {
    @Test("parses every form", arguments: [
        ("string", FieldType.builtin(.string)),
        ("geopoint", .builtin(.geopoint)),
        ("CasefileStatus", .named("CasefileStatus")),
        ("[string]", .array(.builtin(.string))),
        ("[ [int] ]", .array(.array(.builtin(.int)))),
        ("[string: double]", .map(.builtin(.double))),
        ("[string:[Tag]]", .map(.array(.named("Tag")))),
        ("ref<casefiles>", .reference(collection: "casefiles")),
        ("[ref< casefiles >]", .array(.reference(collection: "casefiles"))),
    ])
    func parses(text: String, expected: FieldType) throws {
        let type = try TypeExpressionParser.parse(text).get()
        #expect(type == expected)
    }

    @Test("reports where it fails", arguments: [
        ("[string", 7), ("[int: string]", 1), ("ref", 0), ("ref<>", 4), ("string]", 6), ("", 0), ("Map<string>", 3),
        ("[string: ]", 9),
    ])
    func failures(text: String, offset: Int) {
        guard case .failure(let failure) = TypeExpressionParser.parse(text) else {
            Issue.record("'\(text)' parsed")
            return
        }
        #expect(failure.offset == offset, "\(failure.message)")
    }

    @Test("renders back to the same text")
    func description() throws {
        for text in ["[string: [ref<casefiles>]]", "[Tag]", "uuid"] {
            #expect(try TypeExpressionParser.parse(text).get().description == text)
        }
    }
}
