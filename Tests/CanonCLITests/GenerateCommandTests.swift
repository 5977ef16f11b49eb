import Foundation
import Testing

/// `canon generate`, `canon docs` and `canon indexes` as a user runs them, on a copy of the
/// package's own schemas.
@Suite("canon generate, docs and indexes")
struct GenerateCommandTests {
    /// A fresh folder holding a copy of `Schemas/`.
    static func project() throws -> URL {
        let schemas = CanonProcess.packageRoot.appendingPathComponent("Schemas")
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: schemas.path) where name.hasSuffix(".yaml") {
            files["Schemas/\(name)"] = try String(contentsOf: schemas.appendingPathComponent(name), encoding: .utf8)
        }
        return try CanonProcess.folder(files)
    }

    static func contents(of folder: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            result[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return result
    }

    @Test("writes a file per schema plus the support file; a second run rewrites nothing")
    func generateTwice() throws {
        let project = try Self.project()
        let first = try CanonProcess.run(["generate", "--output", "Out", "Schemas"], in: project)
        #expect(first.status == 0, "\(first.standardError)")
        let out = project.appendingPathComponent("Out")
        let files = try Self.contents(of: out)
        #expect(Set(files.keys) == ["CanonSchemaSet.canon.swift", "casefile.canon.swift", "chat_session.canon.swift",
                                    "common.canon.swift", "tool_session.canon.swift", "user_context.canon.swift"])
        #expect(files["casefile.canon.swift"]?.contains("public struct Casefile: ") == false, "internal unless configured")
        #expect(files["casefile.canon.swift"]?.contains("struct Casefile: ") == true)
        #expect(first.standardError.contains("6 files, 6 written"))
        let stamp = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("casefile.canon.swift").path)[.modificationDate] as? Date

        let second = try CanonProcess.run(["generate", "--output", "Out", "Schemas"], in: project)
        #expect(second.status == 0, "\(second.standardError)")
        #expect(!second.standardError.contains("written"), "nothing changed, so nothing is reported written: \(second.standardError)")
        #expect(try Self.contents(of: out) == files)
        let again = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("casefile.canon.swift").path)[.modificationDate] as? Date
        #expect(again == stamp, "an unchanged file is not touched, so the build does not recompile it")
    }

    @Test("a schema error fails the run, printed in compiler form, and leaves the earlier output as it was")
    func errorWritesNothing() throws {
        let project = try Self.project()
        #expect(try CanonProcess.run(["generate", "--output", "Out", "Schemas"], in: project).status == 0)
        let out = project.appendingPathComponent("Out")
        let before = try Self.contents(of: out)
        // A change that would alter two files, with an error in a third.
        let common = project.appendingPathComponent("Schemas/common.yaml")
        try (String(contentsOf: common, encoding: .utf8) + "\n# changed\n").write(to: common, atomically: true, encoding: .utf8)
        let chat = project.appendingPathComponent("Schemas/chat_session.yaml")
        let text = try String(contentsOf: chat, encoding: .utf8)
        try text.replacingOccurrences(of: "type: string", with: "type: strnig").write(to: chat, atomically: true, encoding: .utf8)
        let failed = try CanonProcess.run(["generate", "--output", "Out", "Schemas"], in: project)
        #expect(failed.status == 1)
        #expect(failed.standardError.contains("Schemas/chat_session.yaml:"))
        #expect(failed.standardError.contains("error: [CANON012] unknown type 'strnig'; did you mean 'string'?"))
        #expect(try Self.contents(of: out) == before)
    }

    @Test("docs writes the Markdown reference and indexes the Firestore index file")
    func docsAndIndexes() throws {
        let project = try Self.project()
        let docs = try CanonProcess.run(["docs", "--output", "Schemas.md", "Schemas"], in: project)
        #expect(docs.status == 0, "\(docs.standardError)")
        let page = try String(contentsOf: project.appendingPathComponent("Schemas.md"), encoding: .utf8)
        #expect(page.contains("```mermaid"))
        #expect(page.contains("Casefile"))

        let indexes = try CanonProcess.run(["indexes", "--output", "firestore.indexes.json", "Schemas"], in: project)
        #expect(indexes.status == 0, "\(indexes.standardError)")
        let data = try Data(contentsOf: project.appendingPathComponent("firestore.indexes.json"))
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect((json?["indexes"] as? [Any])?.isEmpty == false)
        #expect(json?["fieldOverrides"] != nil)
        // The same as the committed file, which the drift test keeps fresh.
        #expect(data == (try Data(contentsOf: CanonProcess.packageRoot.appendingPathComponent("firestore.indexes.json"))))
    }
}

extension GenerateCommandTests {
    @Test("generate, docs and indexes pass one gate: a schema error is printed in the asked format and nothing is written")
    func sharedGate() throws {
        let project = try Self.project()
        let chat = project.appendingPathComponent("Schemas/chat_session.yaml")
        let text = try String(contentsOf: chat, encoding: .utf8)
        try text.replacingOccurrences(of: "type: string", with: "type: strnig").write(to: chat, atomically: true, encoding: .utf8)
        for command in [["generate", "--output", "Out"], ["docs", "--output", "Schemas.md"], ["indexes", "--output", "indexes.json"]] {
            let run = try CanonProcess.run(command + ["--format", "json", "Schemas"], in: project)
            #expect(run.status == 1, "\(command[0]): \(run.standardError)")
            let json = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
            let diagnostics = json?["diagnostics"] as? [[String: Any]]
            #expect(diagnostics?.contains { $0["code"] as? String == "CANON012" } == true, "\(command[0]): \(run.standardOutput)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: project.path).sorted() == ["Schemas"], "nothing was written")
        let both = try CanonProcess.run(["indexes", "--output", "-", "--format", "json", "Schemas"], in: project)
        #expect(both.status == 2 && both.standardError.contains("standard output"))
    }

    @Test("--module NAME=FOLDER lets the schemas import a library's; only their own files are written, importing its module")
    func modules() throws {
        let folder = try CanonProcess.folder([
            "Lib/Schemas/status.yaml": "schema: 1\nenums: {Status: {values: [open, closed]}}\n",
            "Service/event.yaml": "schema: 1\nimports:\n  - {module: Library, file: status.yaml}\ntypes:\n  Event:\n    fields:\n      status: Status\n",
        ])
        let output = try CanonProcess.run(["generate", "--module", "Library=Lib/Schemas", "--imports-only-inputs", "--output", "Out", "Service"],
                                          in: folder)
        #expect(output.status == 0, "\(output.standardError)")
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("Out").path).sorted()
        #expect(written == ["CanonSchemaSet.canon.swift", "event.canon.swift"])
        let event = try String(contentsOf: folder.appendingPathComponent("Out/event.canon.swift"), encoding: .utf8)
        #expect(event.contains("import Library") && event.contains("var status: Status") && !event.contains("enum Status"))

        let malformed = try CanonProcess.run(["validate", "--module", "Library", "Service"], in: folder)
        #expect(malformed.status == 2 && malformed.standardError.contains("--module takes NAME=FOLDER"), "\(malformed.standardError)")
        let unknown = try CanonProcess.run(["validate", "Service"], in: folder)
        #expect(unknown.status == 1 && unknown.standardError.contains("[CANON008] module 'Library' is not one whose schemas this run can import"),
                "\(unknown.standardError)")
    }
}
