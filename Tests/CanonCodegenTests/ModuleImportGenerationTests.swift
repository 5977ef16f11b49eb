import CanonSchema
import Testing
@testable import CanonCodegen

/// What a set that imports a library's schemas generates: its own files only, importing the
/// library's module and using its types by name; the support file and the container's accessors
/// cover its own collections alone.
@Suite("Generating with module imports")
struct ModuleImportGenerationTests {
    @Test("the library's files generate nothing; the own file imports the module and uses its types")
    func ownFilesOnly() throws {
        let files = [
            "Lib/casefile.yaml": """
                schema: 1
                enums:
                  CasefileStatus: {values: [open, closed]}
                models:
                  Casefile:
                    fields:
                      id: id
                collections:
                  casefiles: {model: Casefile, path: casefiles, cache: {ttl: 5m}}
                """,
            "Service/audit.yaml": """
                schema: 1
                imports:
                  - {module: Library, file: casefile.yaml}
                models:
                  AuditEvent:
                    fields:
                      id: id
                      casefile: ref<casefiles>
                      status: CasefileStatus
                collections:
                  auditEvents: {model: AuditEvent, path: audit_events}
                  auditNotes: {model: AuditEvent, path: "casefiles/{casefileId}/audit"}
                """,
        ]
        let loaded = try SchemaLoader(source: .memory(files), importsOnlyInputs: true, modules: ["Library": "Lib"]).load(paths: ["Service"])
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.description))")
        let generated = try GeneratorPipeline(config: GeneratorConfig()).generate(loaded).get()
        #expect(generated.map(\.name) == ["CanonSchemaSet.canon.swift", "audit.canon.swift"])
        let audit = try #require(generated.first { $0.name == "audit.canon.swift" }?.contents)
        #expect(audit.contains("import Foundation\nimport Library\n"), "\(audit)")
        #expect(audit.contains("internal var casefile: CanonRuntime.DocumentReference<Casefile>"))
        #expect(audit.contains("internal var status: CasefileStatus"))
        #expect(!audit.contains("enum CasefileStatus") && !audit.contains("struct Casefile:"), "the library's types are not copied")
        // A subcollection below the library's collection: typed by the library's ID, reached by
        // its own initializer and group (the library's repository is not extended).
        #expect(audit.contains("internal init(client: CanonRuntime.FirestoreClient, casefileId: Casefile.ID)"), "\(audit)")
        let support = try #require(generated.first { $0.name == "CanonSchemaSet.canon.swift" }?.contents)
        #expect(support.contains("internal static let files: [Swift.String] = [\"Service/audit.yaml\"]"), "\(support)")
        #expect(!support.contains("cachedCollections") && !support.contains("var casefiles"), "the library's collections are the library's")
        #expect(support.contains("internal var auditEvents: AuditEventsRepository") && support.contains("internal var auditNotes: AuditNotesGroup"))
    }
}
