import Foundation
import Testing
@testable import CanonSchema

/// How imports find their files: relative paths in every spelling reach the input they name, a
/// file reached by two paths (a symbolic link) is loaded once, and only a file outside the inputs
/// is CANON100 when the build plugin's loading asks for it.
@Suite("Import paths")
struct ImportPathTests {
    static let shared = """
        schema: 1
        enums:
          Color: {values: [red, green]}
        """

    static func user(importing path: String) -> String {
        """
        schema: 1
        imports: [\(path)]
        types:
          Pen:
            fields:
              color: Color
        """
    }

    @Test("an import of an input is accepted however its relative path is spelled",
          arguments: ["shared.yaml", "./shared.yaml", "sub/../shared.yaml", "../Target/shared.yaml", "./sub/.././shared.yaml"])
    func spellings(path: String) throws {
        let files = ["Target/pen.yaml": Self.user(importing: path), "Target/shared.yaml": Self.shared]
        let result = try SchemaLoader(source: .memory(files), importsOnlyInputs: true).load(paths: ["Target"])
        #expect(result.diagnostics.isEmpty, "\(result.rendered)")
        #expect(result.fileCount == 2)
        #expect(result.schema?.files.first { $0.path == "Target/pen.yaml" }?.imports.map(\.resolvedPath) == ["Target/shared.yaml"])
    }

    @Test("an import of a file outside the inputs is CANON100 at the import, and is not read")
    func outside() throws {
        let files = ["Target/pen.yaml": Self.user(importing: "../Schemas/shared.yaml"), "Schemas/shared.yaml": Self.shared]
        let result = try SchemaLoader(source: .memory(files), importsOnlyInputs: true).load(paths: ["Target"])
        #expect(result.rendered == """
            Target/pen.yaml:2:11: error: [CANON100] imported file 'Schemas/shared.yaml' is not one of this run's input files; \
            the build plugin passes only the target's own schema files, so move it into the target's folder or copy its declarations
            Target/pen.yaml:6:14: error: [CANON012] unknown type 'Color'
            """)
        // Without the flag, as `canon validate` loads, the same import is followed.
        let followed = try SchemaLoader(source: .memory(files)).load(paths: ["Target"])
        #expect(followed.diagnostics.isEmpty, "\(followed.rendered)")
        #expect(followed.fileCount == 2)
    }

    @Test("a file reached through a symbolic link is the input it links to, loaded once")
    func symbolicLinks() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("canon-imports-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("Target")
        try FileManager.default.createDirectory(at: target.appendingPathComponent("real"), withIntermediateDirectories: true)
        try Self.shared.write(to: target.appendingPathComponent("real/shared.yaml"), atomically: true, encoding: .utf8)
        // `linked` is outside the target only in name: it is the target's `real` folder.
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("linked"), withDestinationURL: target.appendingPathComponent("real"))
        try Self.user(importing: "../linked/shared.yaml").write(to: target.appendingPathComponent("pen.yaml"), atomically: true, encoding: .utf8)

        let loader = SchemaLoader(source: .disk(root: root.path), importsOnlyInputs: true)
        let result = try loader.load(paths: ["Target/pen.yaml", "Target/real/shared.yaml"])
        #expect(result.diagnostics.isEmpty, "\(result.rendered)")
        #expect(result.fileCount == 2)
        #expect(result.schema?.files.first { $0.path == "Target/pen.yaml" }?.imports.map(\.resolvedPath) == ["Target/real/shared.yaml"])

        // Named twice, through the link and directly: loaded once, so nothing is declared twice.
        let twice = try SchemaLoader(source: .disk(root: root.path)).load(paths: ["Target/real/shared.yaml", "linked/shared.yaml", "Target/pen.yaml"])
        #expect(twice.diagnostics.isEmpty, "\(twice.rendered)")
        #expect(twice.fileCount == 2)
    }
}
