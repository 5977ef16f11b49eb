import Foundation
import Testing
@testable import CanonSchema

/// Module imports, `{module: Library, file: x.yaml}`: a target's schemas use a library's enums,
/// embedded types and collections, found in the folder the build plugin names for the module,
/// and those files are marked as the library's (used, never generated).
@Suite("Module imports")
struct ModuleImportTests {
    static let library: [String: String] = [
        "Lib/Schemas/common.yaml": """
            schema: 1
            types:
              Money:
                fields:
                  cents: int
            """,
        "Lib/Schemas/casefile.yaml": """
            schema: 1
            imports: [common.yaml]
            enums:
              CasefileStatus: {values: [open, closed]}
            models:
              Casefile:
                fields:
                  id: id
                  cost: {type: Money, optional: true}
            collections:
              casefiles: {model: Casefile, path: casefiles}
            """,
    ]

    static let service = """
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
        """

    @Test("a module import reaches the library's folder; its files (and theirs) belong to the module, even with only the inputs allowed")
    func resolves() throws {
        var files = Self.library
        files["Service/audit.yaml"] = Self.service
        let result = try SchemaLoader(source: .memory(files), importsOnlyInputs: true, modules: ["Library": "Lib/Schemas"]).load(paths: ["Service"])
        #expect(result.diagnostics.isEmpty, "\(result.rendered)")
        let schema = try #require(result.schema)
        #expect(Dictionary(uniqueKeysWithValues: schema.files.map { ($0.path, $0.module) }) == [
            "Service/audit.yaml": nil, "Lib/Schemas/casefile.yaml": "Library", "Lib/Schemas/common.yaml": "Library",
        ])
        #expect(schema.files.first { $0.path == "Service/audit.yaml" }?.imports.map(\.resolvedPath) == ["Lib/Schemas/casefile.yaml"])
    }

    @Test("a module the run does not know, or a file it lacks, is a located error")
    func unknown() throws {
        var files = Self.library
        files["Service/audit.yaml"] = Self.service
        let none = try SchemaLoader(source: .memory(files)).load(paths: ["Service"])
        #expect(none.rendered.hasPrefix("""
            Service/audit.yaml:3:14: error: [CANON008] module 'Library' is not one whose schemas this run can import; \
            the build plugin passes the schemas of the target's dependencies that have them
            """), "\(none.rendered)")
        let other = try SchemaLoader(source: .memory(files), modules: ["Other": "Lib/Schemas"]).load(paths: ["Service"])
        #expect(other.rendered.contains("module 'Library' is not one whose schemas this run can import (it can import 'Other')"), "\(other.rendered)")
        files["Service/audit.yaml"] = Self.service.replacingOccurrences(of: "file: casefile.yaml", with: "file: missing.yaml")
        let missing = try SchemaLoader(source: .memory(files), modules: ["Library": "Lib/Schemas"]).load(paths: ["Service"])
        #expect(missing.rendered.contains("Service/audit.yaml:3:29: error: [CANON008] imported file 'Lib/Schemas/missing.yaml' does not exist"),
                "\(missing.rendered)")
    }

    @Test("a module import is a mapping of module and file, nothing else")
    func shape() throws {
        let files = ["Service/audit.yaml": """
            schema: 1
            imports:
              - {module: Library}
              - {module: Library, file: a.yaml, path: b}
              - [nested]
            """]
        let result = try SchemaLoader(source: .memory(files), modules: ["Library": "Lib"]).load(paths: ["Service"])
        // (The entry with an unknown key is still followed, and its file is missing.)
        #expect(result.diagnostics.map(\.code) == [.missingKey, .importNotFound, .unknownKey, .wrongValueKind], "\(result.rendered)")
    }

    @Test("a module import cannot leave the module's folder or reach the run's own files")
    func confined() throws {
        var files = Self.library
        files["Lib/outside.yaml"] = "schema: 1\nenums: {Far: {values: [x]}}\n"
        files["Service/own.yaml"] = "schema: 1\nenums: {Near: {values: [y]}}\n"
        files["Service/audit.yaml"] = """
            schema: 1
            imports:
              - {module: Library, file: ../outside.yaml}
            """
        let result = try SchemaLoader(source: .memory(files), modules: ["Library": "Lib/Schemas"]).load(paths: ["Service"])
        #expect(result.diagnostics.map(\.code) == [.importOutsideInputs], "\(result.rendered)")
        #expect(result.rendered.contains("imported file 'Lib/outside.yaml' is outside the schema folder of module 'Library' ('Lib/Schemas')"))
        // A module whose folder holds the run's own files.
        files["Service/audit.yaml"] = "schema: 1\nimports:\n  - {module: Library, file: own.yaml}\n"
        let own = try SchemaLoader(source: .memory(files), modules: ["Library": "Service"]).load(paths: ["Service"])
        #expect(own.diagnostics.map(\.code) == [.importOutsideInputs], "\(own.rendered)")
        #expect(own.rendered.contains("imported file 'Service/own.yaml' is one of this run's own input files"))
    }

    @Test("the target's collections store its own models, not a library's")
    func ownModelsOnly() throws {
        var files = Self.library
        files["Service/audit.yaml"] = """
            schema: 1
            imports:
              - {module: Library, file: casefile.yaml}
            collections:
              myCasefiles: {model: Casefile, path: my_casefiles}
            """
        let result = try SchemaLoader(source: .memory(files), modules: ["Library": "Lib/Schemas"]).load(paths: ["Service"])
        #expect(result.diagnostics.map(\.code) == [.wrongTypeRole], "\(result.rendered)")
        #expect(result.rendered.contains("model 'Casefile' belongs to module 'Library'"))
    }
}
