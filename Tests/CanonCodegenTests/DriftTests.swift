import CanonCodegen
import CanonSchema
import Foundation
import Testing

/// `Generated/` (the CanonicalModels library) and `docs/Schemas.md` are committed; they must be
/// exactly what the generator makes from `Schemas/` now.
@Suite("Committed generated code is up to date")
struct DriftTests {
    @Test("Generated/ is exactly what canon generates from Schemas/")
    func generatedFolder() throws {
        let files = try TestSupport.generate(["Schemas"], config: TestSupport.config("canon-config.yaml"))
        let folder = TestSupport.packageRoot.appendingPathComponent("Generated")
        var stale = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(OutputFileNames.suffix) })
        for file in files {
            stale.remove(file.name)
            let committed = (try? String(contentsOf: folder.appendingPathComponent(file.name), encoding: .utf8)) ?? ""
            #expect(file.contents == committed, """
                Generated/\(file.name) is out of date:
                \(TestSupport.diff(expected: committed, actual: file.contents, names: ("committed", "generated")))
                Run scripts/generate.sh and commit the result.
                """)
        }
        #expect(stale.isEmpty, "Generated/ holds files no schema produces: \(stale.sorted()); run scripts/generate.sh")
    }
}

extension DriftTests {
    @Test("docs/Schemas.md is exactly what canon docs writes for Schemas/")
    func schemaReference() throws {
        let loaded = try TestSupport.load(["Schemas"])
        let page = SchemaReference(schema: try #require(loaded.schema)).render()
        let committed = (try? String(contentsOf: TestSupport.packageRoot.appendingPathComponent("docs/Schemas.md"), encoding: .utf8)) ?? ""
        #expect(page == committed, """
            docs/Schemas.md is out of date:
            \(TestSupport.diff(expected: committed, actual: page, names: ("committed", "generated")))
            Run scripts/generate.sh and commit the result.
            """)
    }
}

extension DriftTests {
    @Test("firestore.indexes.json is exactly what canon indexes writes for Schemas/")
    func indexes() throws {
        let loaded = try TestSupport.load(["Schemas"])
        let text = FirestoreIndexes.json(for: try #require(loaded.schema))
        let committed = (try? String(contentsOf: TestSupport.packageRoot.appendingPathComponent("firestore.indexes.json"), encoding: .utf8)) ?? ""
        #expect(text == committed, """
            firestore.indexes.json is out of date:
            \(TestSupport.diff(expected: committed, actual: text, names: ("committed", "generated")))
            Run scripts/generate.sh and commit the result.
            """)
    }
}

extension DriftTests {
    @Test("Schemas/canon.lock is exactly the lock canon generate writes for Schemas/")
    func lock() throws {
        let loaded = try TestSupport.load(["Schemas"])
        let text = SchemaLock.render(try #require(loaded.schema))
        let committed = (try? String(contentsOf: TestSupport.packageRoot.appendingPathComponent("Schemas/canon.lock"), encoding: .utf8)) ?? ""
        #expect(text == committed, """
            Schemas/canon.lock is out of date:
            \(TestSupport.diff(expected: committed, actual: text, names: ("committed", "generated")))
            Run scripts/generate.sh (which runs `canon breaking`'s check first) and commit the result.
            """)
    }
}
