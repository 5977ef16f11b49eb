import CanonCodegen
import CanonSchema
import Foundation
import Testing

/// The fuzzers' seed corpus (`Fuzz/Corpus/FuzzSchema/`), and every input a fuzzer found that broke
/// something (kept there as a regression), replayed as `FuzzSchema` runs them: loading ends in
/// errors or in a set that generates and whose lock reads back to itself.
@Suite("Fuzz corpus: schemas")
struct FuzzCorpusTests {
    static let folder = TestSupport.packageRoot.appendingPathComponent("Fuzz/Corpus/FuzzSchema")
    static var inputs: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() }

    /// What `FuzzSchema` lets an input import: `Fuzz/Imports/*.yaml`.
    static let imports: [String: String] = {
        let folder = TestSupport.packageRoot.appendingPathComponent("Fuzz/Imports")
        var files: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasSuffix(".yaml") {
            files[name] = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }()

    static func load(_ text: String) throws -> SchemaLoader.Result {
        var files = imports
        files["fuzz.yaml"] = text
        return try SchemaLoader(source: .memory(files)).load(paths: ["fuzz.yaml"])
    }

    @Test("every input loads to errors or to a set that generates and locks", arguments: inputs)
    func replay(name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
        let yaml = YAMLLoader().load(bytes, file: name)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            #expect(yaml.diagnostics.contains { $0.code == .invalidUTF8 })
            return
        }
        let result = try Self.load(text)
        guard let schema = result.schema else {
            #expect(result.diagnostics.contains { $0.severity == .error })
            return
        }
        guard case .success = GeneratorPipeline(config: GeneratorConfig()).generate(result) else {
            Issue.record("\(name) validates but does not generate")
            return
        }
        let lock = SchemaLock.render(schema)
        let read = try SchemaLockReader().read(Array(lock.utf8), file: "canon.lock")
        #expect(SchemaLock.render(read) == lock)
        #expect(BreakingChanges.find(old: read, new: schema).isEmpty)
    }

    @Test("the valid seeds load with their imports, so the fuzzer reaches the generator and the lock")
    func seeds() throws {
        for name in ["valid-store.yaml", "features.yaml", "tool_session.yaml", "user_context.yaml"] {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
            let result = try Self.load(text)
            #expect(result.schema != nil, "\(name): \(result.diagnostics.map(\.description).prefix(3))")
        }
        #expect(Self.inputs.contains("CANON004-billion-laughs.yaml") && Self.inputs.contains("CANON004-nesting-too-deep.yaml")
            && Self.inputs.contains("CANON006-invalid-utf8.yaml"))
    }
}

/// Hostile schema files get a clear, located error each, in bounded time and memory.
@Suite("Hostile schema files")
struct HostileSchemaFileTests {
    @Test("a 100 MB file is refused by size, from disk, without parsing it")
    func hugeFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("canon-huge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("huge.yaml").path
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 100 * 1_048_576)  // sparse: 100 MB of NUL bytes
        try handle.close()
        let result = try SchemaLoader().load(paths: [path])
        #expect(result.diagnostics.map(\.code) == [.fileTooLarge])
        #expect(result.diagnostics.first?.description.contains("104857600 bytes") == true)
    }

    @Test("deep nesting, an alias bomb, invalid UTF-8 and binary garbage each get their error", arguments: [
        (String(repeating: "[", count: 100_000), DiagnosticCode.yamlLimitExceeded),
        ("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n", .yamlLimitExceeded),
        ("schema: 1\nmodels: \u{1}\u{2}\u{3}\n", .yamlSyntax),
    ])
    func hostile(text: String, code: DiagnosticCode) throws {
        let result = try SchemaLoader(source: .memory(["hostile.yaml": text])).load(paths: ["hostile.yaml"])
        #expect(result.schema == nil)
        #expect(result.diagnostics.first?.code == code, "\(result.diagnostics.map(\.description))")
        #expect(result.diagnostics.allSatisfy { $0.location.file == "hostile.yaml" && $0.location.line >= 1 })
    }

    @Test("bytes that are not UTF-8 are refused at the first bad byte")
    func binaryGarbage() {
        var bytes = Array("schema: 1\n".utf8)
        bytes += [0xFF, 0xFE, 0x00, 0x80, 0xC3]
        let result = YAMLLoader().load(bytes, file: "garbage.yaml")
        #expect(result.root == nil)
        #expect(result.diagnostics.map(\.description) == ["garbage.yaml:2:1: error: [CANON006] invalid UTF-8 byte 0xFF; schema files must be UTF-8"])
    }
}
