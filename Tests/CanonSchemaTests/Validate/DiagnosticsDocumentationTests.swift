import Foundation
import Testing
@testable import CanonSchema

/// `docs/Diagnostics.md` documents every code with an example that this test runs: the
/// section's ```yaml blocks are schema files (`# file: NAME` on the first line names one;
/// otherwise `example.yaml`), and every line of its ```text block must be printed for them. A
/// schema-evolution code's section (CANON110–119) also has files named `# before: NAME`: the
/// schemas a lock was written for, which `canon breaking`'s comparison checks the others against.
@Suite("docs/Diagnostics.md")
struct DiagnosticsDocumentationTests {
    struct Section {
        var files: [String: String] = [:]
        var before: [String: String] = [:]
        var expected: [String] = []
    }

    /// Codes whose example cannot be shown as text (a 4 MiB file, invalid UTF-8).
    static let notExecutable: Set<DiagnosticCode> = [.fileTooLarge, .invalidUTF8]

    static func sections() throws -> [String: Section] {
        let text = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("docs/Diagnostics.md"), encoding: .utf8)
        var sections: [String: Section] = [:]
        var code: String?
        var block: (kind: String, lines: [String])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if var open = block {
                if line == "```" {
                    if let code {
                        if open.kind == "yaml" {
                            var name = "example.yaml"
                            var isBefore = false
                            if let first = open.lines.first, first.hasPrefix("# file: ") || first.hasPrefix("# before: ") {
                                isBefore = first.hasPrefix("# before: ")
                                name = String(first.drop { $0 != ":" }.dropFirst(2))
                                open.lines.removeFirst()
                            }
                            let text = open.lines.joined(separator: "\n") + "\n"
                            if isBefore { sections[code]?.before[name] = text } else { sections[code]?.files[name] = text }
                        } else if open.kind == "text" {
                            sections[code]?.expected += open.lines
                        }
                    }
                    block = nil
                } else {
                    open.lines.append(line)
                    block = open
                }
            } else if line.hasPrefix("```") {
                block = (String(line.dropFirst(3)), [])
            } else if line.hasPrefix("## ") {
                code = line.dropFirst(3).split(separator: ":").first.map(String.init)
                if let code { sections[code] = Section() }
            }
        }
        return sections
    }

    @Test("documents every code, and only real codes")
    func everyCode() throws {
        let documented = Set(try Self.sections().keys.filter { $0.hasPrefix("CANON") })
        let codes = Set(DiagnosticCode.allCases.map(\.rawValue))
        #expect(codes.subtracting(documented).isEmpty, "undocumented: \(codes.subtracting(documented).sorted())")
        #expect(documented.subtracting(codes).isEmpty, "documented but unknown: \(documented.subtracting(codes).sorted())")
    }

    @Test("every example prints what the page says", arguments: DiagnosticCode.allCases)
    func example(code: DiagnosticCode) throws {
        let section = try #require(try Self.sections()[code.rawValue])
        #expect(section.expected.contains { $0.contains("[\(code.rawValue)]") }, "\(code.rawValue) does not show its diagnostic")
        guard !Self.notExecutable.contains(code) else { return }
        #expect(!section.files.isEmpty, "\(code.rawValue) has no YAML example")
        // CANON100 comes from the plugin's loading: only the target's files (here those under
        // Sources/) are inputs.
        let rendered: String
        if !section.before.isEmpty {
            // The lock of the schemas before, as written and read back, against the schemas after.
            let before = try #require(TestSupport.schema(section.before).schema, "\(code.rawValue): the schemas before are invalid")
            let lock = try SchemaLockReader().read(Array(SchemaLock.render(before).utf8), file: "canon.lock")
            let after = try #require(TestSupport.schema(section.files).schema, "\(code.rawValue): the schemas after are invalid")
            rendered = BreakingChanges.find(old: lock, new: after).map(\.description).joined(separator: "\n")
        } else {
            rendered = (code == .importOutsideInputs
                ? try SchemaLoader(source: .memory(section.files), importsOnlyInputs: true)
                    .load(paths: section.files.keys.filter { $0.hasPrefix("Sources/") }.sorted())
                : TestSupport.schema(section.files)).rendered
        }
        let printed = rendered.split(separator: "\n").map(String.init)
        for line in section.expected {
            #expect(printed.contains(line), "\(code.rawValue): the page shows\n\(line)\nbut canon printed\n\(rendered)")
        }
    }
}
