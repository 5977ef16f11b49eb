import CanonCodegen
import CanonSchema
import Foundation
import Testing

/// Snippet-sized reference tests of the translators: each `References/Snippets/<translator>-<case>.yaml`
/// is a schema fragment, and the `.swift` beside it the declarations generated from it (the file
/// without its header and imports). Smaller than the whole-file references, so a change to one
/// translator shows in the few lines it owns.
///
/// After an intended change, refresh them with `CANON_RECORD_REFERENCES=1 swift test --filter
/// SnippetReferenceTests` and review `git diff Tests/CanonCodegenTests/References/Snippets`.
@Suite("Translators match their snippet references")
struct SnippetReferenceTests {
    static let folder = TestSupport.references.appendingPathComponent("Snippets")

    static var fragments: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    /// The declarations generated from a schema fragment, without the file's header and imports.
    static func generated(_ yaml: String, name: String) throws -> String {
        let loaded = try SchemaLoader(source: .memory([name: yaml])).load(paths: [name])
        guard loaded.schema != nil else { throw SnippetError(description: "\(name) does not validate: \(loaded.diagnostics)") }
        let files = try GeneratorPipeline(config: GeneratorConfig(access: .public)).generate(loaded).get()
        let file = try #require(files.first { $0.name != "CanonSchemaSet.canon.swift" })
        let lines = file.contents.split(separator: "\n", omittingEmptySubsequences: false)
        // The header's line comments (not doc comments), the imports and the blank lines after them.
        let body = lines.drop { ($0.hasPrefix("//") && !$0.hasPrefix("///")) || $0.hasPrefix("import ") || $0.hasPrefix("@_spi(") || $0.isEmpty }
        return body.joined(separator: "\n")
    }

    struct SnippetError: Error, CustomStringConvertible {
        var description: String
    }

    @Test("there are snippets for every translator, and no reference without its fragment")
    func coverage() throws {
        let translators = Set(Self.fragments.map { String($0.prefix { $0 != "-" }) })
        #expect(translators.isSuperset(of: ["translateEnum", "translateModel", "translateFieldTable", "translateRepository"]), "\(translators)")
        let references = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".swift") }
        let orphans = references.filter { !Self.fragments.contains(String($0.dropLast(".swift".count)) + ".yaml") }
        #expect(orphans.isEmpty, "references whose schema fragment is gone: \(orphans)")
    }

    @Test("each schema fragment generates its Swift fragment", arguments: fragments)
    func snippet(_ name: String) throws {
        let yaml = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        let swift = try Self.generated(yaml, name: name)
        let url = Self.folder.appendingPathComponent(String(name.dropLast(".yaml".count)) + ".swift")
        if ProcessInfo.processInfo.environment["CANON_RECORD_REFERENCES"] == "1" {
            try swift.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let reference = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        #expect(swift == reference, """
            \(name) generates something else than its reference:
            \(TestSupport.diff(expected: reference, actual: swift, names: ("reference", "generated")))
            """)
    }
}
