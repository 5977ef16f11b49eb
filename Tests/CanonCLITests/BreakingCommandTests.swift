import Foundation
import Testing

/// `canon generate --lock` and `canon breaking`, as a team uses them: the lock is written with the
/// generated code, later schemas are checked against it, and an intended break is accepted.
@Suite("canon breaking and the lock file")
struct BreakingCommandTests {
    static let schema = """
        schema: 1
        models:
          Person:
            fields:
              id: {type: id}
              name: {type: string}
              nickname: {type: string, optional: true}
        collections:
          people: {model: Person, path: people}
        """

    static func write(_ text: String, in project: URL) throws {
        try text.write(to: project.appendingPathComponent("Schemas/person.yaml"), atomically: true, encoding: .utf8)
    }

    static func read(_ path: String, in project: URL) -> String? {
        try? String(contentsOf: project.appendingPathComponent(path), encoding: .utf8)
    }

    static let generate = ["generate", "--output", "Out", "--lock", "Schemas/canon.lock", "Schemas"]

    @Test("generate writes the lock; breaking passes unchanged schemas, fails a break, and generate then writes nothing")
    func refuseThenAccept() throws {
        let project = try CanonProcess.folder(["Schemas/person.yaml": Self.schema])
        let first = try CanonProcess.run(Self.generate, in: project)
        #expect(first.status == 0, "\(first.standardError)")
        let lock = try #require(Self.read("Schemas/canon.lock", in: project))
        #expect(lock.contains("{name: \"nickname\", key: \"nickname\", type: \"string\", optional: true}"))
        #expect(try CanonProcess.run(["breaking"], in: project).status == 0)

        // Drop a field (data) and rename another with its old key (source only).
        try Self.write(Self.schema.replacingOccurrences(of: "      nickname: {type: string, optional: true}\n", with: "")
            .replacingOccurrences(of: "name: {type: string}", with: "full_name: {type: string, key: name}"), in: project)
        let generated = Self.read("Out/person.canon.swift", in: project)
        let broken = try CanonProcess.run(["breaking"], in: project)
        #expect(broken.status == 1)
        let lines = broken.standardError.split(separator: "\n").map(String.init)
        #expect(lines.first == "Schemas/person.yaml:3:3: error: [CANON110] field 'nickname' (key 'nickname') is removed from 'Person'; the values stored under 'nickname' are no longer read, and a save drops them")
        #expect(lines.dropFirst().first == "Schemas/canon.lock:9:9: note: the lock's 'nickname'")
        #expect(lines.dropFirst(2).first?.contains("warning: [CANON119] field 'name' of 'Person' is renamed 'full_name'") == true, "source changes come after data changes")
        #expect(lines.last == "against Schemas/canon.lock: 1 change that breaks stored data, 1 change that breaks only Swift source")

        let refused = try CanonProcess.run(Self.generate, in: project)
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("nothing written: these changes break data stored under Schemas/canon.lock"))
        #expect(Self.read("Schemas/canon.lock", in: project) == lock, "the lock is kept")
        #expect(Self.read("Out/person.canon.swift", in: project) == generated, "so is the generated code")

        let accepted = try CanonProcess.run(Self.generate + ["--accept-breaking"], in: project)
        #expect(accepted.status == 0, "\(accepted.standardError)")
        #expect(accepted.standardError.contains("warning: [CANON110]"), "an accepted break is still printed")
        #expect(Self.read("Schemas/canon.lock", in: project) != lock)
        #expect(Self.read("Out/person.canon.swift", in: project)?.contains("fullName") == true)
        let after = try CanonProcess.run(["breaking"], in: project)
        #expect(after.status == 0, "\(after.standardError)")
        #expect(after.standardError == "against Schemas/canon.lock: no change breaks stored data or Swift source\n")
    }

    @Test("a missing or damaged lock is a usage or I/O error (2), with the command that writes one")
    func missingLock() throws {
        let project = try CanonProcess.folder(["Schemas/person.yaml": Self.schema])
        let missing = try CanonProcess.run(["breaking"], in: project)
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("no lock file at Schemas/canon.lock; `canon generate --lock Schemas/canon.lock` writes one"))
        try "canon_lock: 1\nmodels: [\n".write(to: project.appendingPathComponent("Schemas/canon.lock"), atomically: true, encoding: .utf8)
        let damaged = try CanonProcess.run(["breaking"], in: project)
        #expect(damaged.status == 2)
        #expect(damaged.standardError.contains("Schemas/canon.lock:"))
        #expect(try CanonProcess.run(["generate", "--output", "Out", "--accept-breaking", "Schemas"], in: project).status == 2)
    }

    @Test("JSON output reports data breaks as errors and source breaks as warnings")
    func json() throws {
        let project = try CanonProcess.folder(["Schemas/person.yaml": Self.schema])
        #expect(try CanonProcess.run(Self.generate, in: project).status == 0)
        try Self.write(Self.schema.replacingOccurrences(of: "name: {type: string}", with: "name: {type: int}"), in: project)
        let result = try CanonProcess.run(["breaking", "--format", "json"], in: project)
        #expect(result.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let entries = report?["diagnostics"] as? [[String: Any]]
        #expect(entries?.map { $0["code"] as? String } == ["CANON111"])
        #expect(report?["valid"] as? Bool == false)
    }
}
