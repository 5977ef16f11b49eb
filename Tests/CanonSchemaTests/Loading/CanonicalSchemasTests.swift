import Testing
@testable import CanonSchema

@Suite("The canonical schemas in Schemas/")
struct CanonicalSchemasTests {
    @Test("validate with no errors and no warnings")
    func valid() throws {
        let result = try SchemaLoader(source: TestSupport.rootedSource(TestSupport.packageRoot)).load(paths: ["Schemas"])
        #expect(result.diagnostics.isEmpty, "\(result.rendered)")
        let models = Set(try #require(result.schema).models.map(\.info.name))
        #expect(models.isSuperset(of: ["Casefile", "CasefileNote", "ToolSession", "ToolRequest", "ChatSession", "UserContext", "RateLimitWindow"]))
    }

    @Test("every model stored in Firestore carries every audit field")
    func auditFields() throws {
        let result = try SchemaLoader(source: TestSupport.rootedSource(TestSupport.packageRoot)).load(paths: ["Schemas"])
        let schema = try #require(result.schema)
        let stored = Set(schema.collections.map(\.model.value))
        for model in schema.models where stored.contains(model.info.name) {
            #expect(Set(model.fields.compactMap(\.audit?.value)) == Set(AuditKind.allCases), "\(model.info.name)")
        }
    }
}
