import Testing
@testable import CanonSchema

@Suite("Naming")
struct NamingTests {
    @Test("camel-cases schema names", arguments: [
        ("owner_id", "ownerId"), ("ownerId", "ownerId"), ("created_at", "createdAt"), ("url", "url"),
        ("request_ids", "requestIds"), ("a_b_c", "aBC"),
    ])
    func camel(name: String, expected: String) {
        #expect(Naming.lowerCamelCase(name) == expected)
    }

    @Test("snake-cases storage keys", arguments: [
        ("ownerId", "owner_id"), ("owner_id", "owner_id"), ("requestURL", "request_url"), ("URLValue", "url_value"),
        ("id", "id"), ("sha256Hash", "sha256_hash"), ("createdAt", "created_at"),
    ])
    func snake(name: String, expected: String) {
        #expect(Naming.snakeCase(name) == expected)
    }

    @Test("suggests names within edit distance two")
    func suggestions() {
        #expect(Suggestion.closest(to: "SesionStatus", in: ["SessionStatus", "Casefile"]) == "SessionStatus")
        #expect(Suggestion.closest(to: "strng", in: BuiltinType.allCases.map(\.rawValue)) == "string")
        #expect(Suggestion.closest(to: "Totally", in: ["SessionStatus"]) == nil)
        #expect(Suggestion.closest(to: "casefile", in: ["Casefile"]) == "Casefile")
        // Ties go to the alphabetically first candidate, so output is stable.
        #expect(Suggestion.closest(to: "ab", in: ["ac", "aa"]) == "aa")
    }
}
