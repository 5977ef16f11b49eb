import CanonCodegen
import CanonSchema
import Foundation

/// One input: YAML bytes as a schema file, which may import the files in `Fuzz/Imports/` (the
/// seeds do: Canon's own schemas and the every-feature fixture). Whatever they hold, loading
/// must end with diagnostics or a valid set, never a crash, a hang or runaway memory (libFuzzer's
/// `-timeout` and `-rss_limit_mb` watch the last two). A set the validator accepts must generate,
/// and its lock must read back to the same lock with no breaking change against itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSchema(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The YAML layer sees every input, invalid UTF-8 included.
    _ = YAMLLoader().load(bytes, file: "raw.yaml")
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    var files = FuzzSchemaFixtures.imports
    files["fuzz.yaml"] = text
    guard let result = try? SchemaLoader(source: .memory(files)).load(paths: ["fuzz.yaml"]) else { return 0 }
    guard let schema = result.schema else {
        precondition(result.diagnostics.contains { $0.severity == .error }, "an invalid set without an error")
        return 0
    }
    guard case .success = GeneratorPipeline(config: GeneratorConfig()).generate(result) else {
        preconditionFailure("a set canon validate accepts failed to generate")
    }
    let lock = SchemaLock.render(schema)
    do {
        let read = try SchemaLockReader().read(Array(lock.utf8), file: "canon.lock")
        precondition(SchemaLock.render(read) == lock, "the lock does not read back to itself")
        precondition(BreakingChanges.find(old: read, new: schema).isEmpty, "a set breaks its own lock")
    } catch {
        preconditionFailure("the lock of a valid set does not read: \(error)")
    }
    return 0
}

enum FuzzSchemaFixtures {
    /// The files an input may import, read once: `Fuzz/Imports/*.yaml`.
    static let imports: [String: String] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Imports")
        var files: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasSuffix(".yaml") {
            files[name] = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        precondition(!files.isEmpty, "no import files in \(folder.path)")
        return files
    }()
}
