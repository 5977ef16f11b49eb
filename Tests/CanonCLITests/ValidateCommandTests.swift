import Foundation
import Testing

@Suite("canon validate")
struct ValidateCommandTests {
    static let broken = """
        schema: 1
        enums:
          SessionStatus: {values: [open, closed]}
        models:
          Session:
            fields:
              id: id
              status: SesionStatus
              titel: {type: string, max_lenght: 3}
        """

    @Test("exits 0 on the canonical schemas, which are valid without a warning")
    func validSchemas() throws {
        let output = try CanonProcess.run(["validate", "Schemas"])
        #expect(output.status == 0, "\(output.standardError)")
        #expect(!output.standardError.contains("warning:"), "\(output.standardError)")
        #expect(output.standardError.contains("5 schema files: valid"))
        #expect(output.standardOutput.isEmpty)
    }

    @Test("defaults to Schemas/ in the current folder")
    func defaultPath() throws {
        let folder = try CanonProcess.folder(["Schemas/a.yaml": "schema: 1\nenums: {E: {values: [a]}}\n"])
        let output = try CanonProcess.run(["validate"], in: folder)
        #expect(output.status == 0, "\(output.standardError)")
        #expect(output.standardError.contains("1 schema file: valid"))
    }

    @Test("exits 1 and prints every error in compiler form, sorted by position")
    func errors() throws {
        let folder = try CanonProcess.folder(["Schemas/session.yaml": Self.broken])
        let output = try CanonProcess.run(["validate", "Schemas/session.yaml"], in: folder)
        #expect(output.status == 1)
        let lines = output.standardError.split(separator: "\n").map(String.init)
        #expect(lines == [
            "Schemas/session.yaml:8:15: error: [CANON012] unknown type 'SesionStatus'; did you mean 'SessionStatus'?",
            "Schemas/session.yaml:9:29: error: [CANON011] unknown key 'max_lenght' in field 'titel'; did you mean 'max_length'?",
            "1 schema file: 2 errors",
        ])
    }

    @Test("prints JSON on standard output with --format json")
    func json() throws {
        let folder = try CanonProcess.folder(["s.yaml": Self.broken])
        let output = try CanonProcess.run(["validate", "--format", "json", "s.yaml"], in: folder)
        #expect(output.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        #expect(report["valid"] as? Bool == false)
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 2)
        #expect(diagnostics.first?["code"] as? String == "CANON012")
        #expect(diagnostics.first?["line"] as? Int == 8)
        #expect(diagnostics.first?["column"] as? Int == 15)
        #expect(diagnostics.first?["suggestion"] as? String == "did you mean 'SessionStatus'?")
        #expect(diagnostics.first?["file"] as? String == "s.yaml")
    }

    @Test("exits 0 with warnings only")
    func warningsOnly() throws {
        let folder = try CanonProcess.folder(["w.yaml": "schema: 1\nenums:\n  E: {values: [a], deprecated: true}\n"])
        let output = try CanonProcess.run(["validate", "w.yaml"], in: folder)
        #expect(output.status == 0)
        #expect(output.standardError.contains("w.yaml:3:20: warning: [CANON090]"))
    }

    @Test("exits 2 naming the path when a file is missing or unreadable")
    func ioErrors() throws {
        let missing = try CanonProcess.run(["validate", "does/not/exist.yaml"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("does/not/exist.yaml: no such file or folder"))

        let folder = try CanonProcess.folder(["empty/readme.txt": "no schemas here"])
        let empty = try CanonProcess.run(["validate", "empty"], in: folder)
        #expect(empty.status == 2)
        #expect(empty.standardError.contains("no schema files"))
    }

    @Test("exits 2 on usage errors")
    func usage() throws {
        let output = try CanonProcess.run(["validate", "--format", "xml"])
        #expect(output.status == 2)
        #expect(output.standardError.contains("xml"))
    }

    @Test("never crashes or prints a stack trace on hostile input")
    func hostileInput() throws {
        let inputs = ["\u{0}\u{1}", "[[[[[[[[[[", "a: &a [*a]", ": : :", "schema: 1\nmodels: [1, 2]", "schema: 1\nmodels:\n  X:\n    fields: {a: '[[[[' }"]
        for (index, text) in inputs.enumerated() {
            let folder = try CanonProcess.folder(["h\(index).yaml": text])
            let output = try CanonProcess.run(["validate", "h\(index).yaml"], in: folder)
            #expect(output.status == 1, "input \(index): \(output.standardError)")
            #expect(output.standardError.contains("error: [CANON"), "input \(index): \(output.standardError)")
            #expect(!output.standardError.contains("Stack dump") && !output.standardError.contains("Fatal error"))
        }
    }
}
