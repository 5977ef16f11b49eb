import CanonTestSupport
import Foundation
import Testing
@testable import CanonSchema

/// Runs every case under `Fixtures/Invalid/`: a folder of schema files annotated with the
/// diagnostics they must produce, plus `expected.txt`, the exact text `canon validate` prints.
///
/// Two independent checks per case:
/// 1. Every line carrying `# expect: CANONxxx` (or `# expect-warning: CANONxxx`) gets exactly
///    those diagnostics, and no other line gets any. The annotations are written by hand.
/// 2. The rendered diagnostics equal `expected.txt` byte for byte (messages, columns,
///    suggestions, notes).
///
/// To update the reference files after an intended change to messages, run
/// `CANON_RECORD_REFERENCES=1 swift test --filter InvalidCorpusTests`, then review
/// `git diff Tests/CanonSchemaTests/Fixtures` line by line before committing.
@Suite("Invalid schema corpus")
struct InvalidCorpusTests {
    static let root = TestSupport.fixtures.appendingPathComponent("Invalid")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    struct Expectation: Hashable, CustomStringConvertible {
        var file: String
        var line: Int
        var code: String
        var severity: Diagnostic.Severity
        var description: String { "\(file):\(line): \(severity.rawValue) \(code)" }
    }

    @Test("the corpus is large and covers every diagnostic code but the size limit and the plugin's own")
    func coverage() throws {
        #expect(Self.cases.count >= 40)
        var covered: Set<String> = []
        for name in Self.cases {
            covered.formUnion(try Self.annotations(in: name).map(\.code))
        }
        // CANON100 comes only from the build plugin's loading (`importsOnlyInputs`): its example
        // in docs/Diagnostics.md runs that way, and scripts/test-plugin-cases.sh checks it in a build.
        // CANON110–119 compare schemas with a lock: Evolution/BreakingChangesTests covers them.
        let exempt = [DiagnosticCode.fileTooLarge, .importOutsideInputs].map(\.rawValue)
            + DiagnosticCode.allCases.filter { ("CANON110"..."CANON119").contains($0.rawValue) }.map(\.rawValue)
        let uncovered = DiagnosticCode.allCases.map(\.rawValue).filter { !covered.contains($0) && !exempt.contains($0) }
        #expect(uncovered.isEmpty, "codes without an invalid fixture: \(uncovered)")
    }

    @Test("reports exactly the annotated diagnostics", arguments: cases)
    func annotations(name: String) throws {
        let result = try Self.load(name)
        let expected = try Self.annotations(in: name)
        #expect(!expected.isEmpty, "case \(name) has no '# expect:' annotation")
        let actual = result.diagnostics.map {
            Expectation(file: $0.location.file, line: $0.location.line, code: $0.code.rawValue, severity: $0.severity)
        }
        let missing = expected.subtracting(actual)
        let unexpected = Set(actual).subtracting(expected)
        #expect(missing.isEmpty, "not reported: \(missing.sorted { $0.description < $1.description })\n\(result.rendered)")
        #expect(unexpected.isEmpty, "not annotated: \(unexpected.sorted { $0.description < $1.description })\n\(result.rendered)")
        if name.hasPrefix("CANON") {
            let code = String(name.prefix(8))
            #expect(actual.contains { $0.code == code }, "case \(name) is named for \(code) but does not report it")
        }
    }

    @Test("prints exactly the reference text", arguments: cases)
    func reference(name: String) throws {
        let rendered = try Self.load(name).rendered + "\n"
        let referenceURL = Self.root.appendingPathComponent(name).appendingPathComponent("expected.txt")
        if ProcessInfo.processInfo.environment["CANON_RECORD_REFERENCES"] == "1" {
            try rendered.write(to: referenceURL, atomically: true, encoding: .utf8)
            return
        }
        let reference = (try? String(contentsOf: referenceURL, encoding: .utf8)) ?? ""
        #expect(rendered == reference, """
            \(name): output differs from expected.txt
            \(Diff.unified(expected: reference, actual: rendered))
            If the change is intended, run `CANON_RECORD_REFERENCES=1 swift test --filter InvalidCorpusTests` \
            and review `git diff Tests/CanonSchemaTests/Fixtures`.
            """)
    }

    static func load(_ name: String) throws -> SchemaLoader.Result {
        try SchemaLoader(source: TestSupport.rootedSource(root)).load(paths: [name])
    }

    /// `# expect: CANON012 CANON030` and `# expect-warning: CANON090` comments, by line.
    static func annotations(in name: String) throws -> Set<Expectation> {
        let folder = root.appendingPathComponent(name)
        var expectations: Set<Expectation> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(file))
            let text = String(decoding: bytes, as: UTF8.self)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for (marker, severity) in [("# expect:", Diagnostic.Severity.error), ("# expect-warning:", .warning)] {
                    guard let range = line.range(of: marker) else { continue }
                    // Up to the next annotation: one line may carry an error and a warning.
                    for code in line[range.upperBound...].prefix(while: { $0 != "#" }).split(separator: " ") where code.hasPrefix("CANON") {
                        expectations.insert(Expectation(file: "\(name)/\(file)", line: index + 1, code: String(code), severity: severity))
                    }
                }
            }
        }
        return expectations
    }
}
