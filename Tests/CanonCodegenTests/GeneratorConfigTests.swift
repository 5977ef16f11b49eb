import CanonSchema
import Testing
@testable import CanonCodegen

@Suite("Generator configuration")
struct GeneratorConfigTests {
    static func load(_ text: String) -> (GeneratorConfig?, [Diagnostic]) {
        GeneratorConfig.load(Array(text.utf8), file: "canon-config.yaml")
    }

    @Test("reads access level, imports and parts")
    func reads() throws {
        let (config, diagnostics) = Self.load("access: public\nimports: [Helpers, Foundation]\ngenerate: [models]\n")
        #expect(diagnostics.isEmpty)
        #expect(config == GeneratorConfig(access: .public, imports: ["Helpers", "Foundation"], parts: [.models]))
    }

    @Test("defaults to internal declarations and every part")
    func defaults() {
        #expect(Self.load("{}").0 == GeneratorConfig(access: .internal, imports: [], parts: Set(GeneratorConfig.Part.allCases)))
    }

    @Test("rejects unknown keys with a suggestion, and bad values, at their positions")
    func rejects() {
        let (config, diagnostics) = Self.load("acces: public\naccess: private\ngenerate: [modles]\n")
        #expect(config == nil)
        #expect(diagnostics.map(\.description) == [
            "canon-config.yaml:1:1: error: [CANON011] unknown key 'acces' in the generator configuration; did you mean 'access'?",
            "canon-config.yaml:2:9: error: [CANON013] 'access' must be public, package or internal, not 'private'",
            "canon-config.yaml:3:12: error: [CANON013] unknown part 'modles'; use one of models, repositories",
        ])
        let (_, needsModels) = Self.load("generate: [repositories]\n")
        #expect(needsModels.map(\.description) == [
            "canon-config.yaml:1:11: error: [CANON013] 'repositories' needs 'models': repositories store the generated models; generate [models, repositories]",
        ])
    }

    @Test("duplicate imports are imported once, after the runtime")
    func imports() {
        let translator = Translator(schema: SchemaSet(files: []), config: GeneratorConfig(imports: ["Foundation", "X"]), displayPath: { $0 })
        #expect(translator.imports().map(\.module) == ["CanonRuntime", "Foundation", "X"])
    }
}
