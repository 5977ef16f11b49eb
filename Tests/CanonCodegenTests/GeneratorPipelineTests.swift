import CanonSchema
import Testing
@testable import CanonCodegen

@Suite("Generator pipeline")
struct GeneratorPipelineTests {
    static func load(_ files: [String: String]) throws -> SchemaLoader.Result {
        try SchemaLoader(source: .memory(files)).load(paths: files.keys.sorted())
    }

    @Test("generates nothing when any schema has an error")
    func invalidSchemas() throws {
        let loaded = try Self.load([
            "a.yaml": "schema: 1\nenums: {A: {values: [x]}}\n",
            "b.yaml": "schema: 1\ntypes: {B: {fields: {a: Missing}}}\n",
        ])
        guard case .failure(.invalidSchemas(let diagnostics)) = GeneratorPipeline(config: GeneratorConfig()).generate(loaded) else {
            Issue.record("generated from invalid schemas")
            return
        }
        #expect(diagnostics.map(\.code) == [.unknownType])
    }

    @Test("refuses two schema files that would generate the same file name")
    func duplicateNames() throws {
        let loaded = try Self.load([
            "one/casefile.yaml": "schema: 1\nenums: {A: {values: [x]}}\n",
            "two/casefile.yaml": "schema: 1\nenums: {B: {values: [y]}}\n",
        ])
        guard case .failure(.duplicateOutputName(let name, _)) = GeneratorPipeline(config: GeneratorConfig()).generate(loaded) else {
            Issue.record("generated colliding files")
            return
        }
        #expect(name == "casefile.canon.swift")
    }

    @Test("one file per schema file plus the support file, in name order")
    func fileNames() throws {
        let loaded = try Self.load(["s/b.yaml": "schema: 1\nenums: {B: {values: [y]}}\n", "s/a.yml": "schema: 1\nenums: {A: {values: [x]}}\n"])
        let files = try GeneratorPipeline(config: GeneratorConfig()).generate(loaded).get()
        #expect(files.map(\.name) == ["CanonSchemaSet.canon.swift", "a.canon.swift", "b.canon.swift"])
    }

    @Test("applies the configured access level to every declaration")
    func accessLevel() throws {
        let loaded = try Self.load(["a.yaml": "schema: 1\nenums: {A: {values: [x]}}\ntypes: {T: {fields: {n: {type: int, min: 0}}}}\n"])
        let files = try GeneratorPipeline(config: GeneratorConfig(access: .package)).generate(loaded).get()
        let text = try #require(files.first { $0.name == "a.canon.swift" }).contents
        #expect(text.contains("package enum A: Swift.String"))
        #expect(text.contains("package struct T: Swift.Codable"))
        #expect(text.contains("package func validate() throws"))
        #expect(text.contains("\nextension T: CanonRuntime.FieldTableModel {"))
        #expect(!text.contains("internal "))
        // SPI only marks public declarations: the import is the one use here.
        #expect(text.components(separatedBy: "@_spi(").count == 2)
    }
}
