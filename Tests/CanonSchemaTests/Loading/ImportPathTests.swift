import Foundation
import Testing
@testable import CanonSchema

/// How imports find their files when the build plugin's loading asks for inputs only: relative
/// paths in every spelling reach the input they name, and a file outside the inputs is CANON100.
/// Paths are compared as normalized text: a file reached through a symbolic link is outside.
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
            the build plugin passes only the target's own schema files, so move it into the target's folder, or import a library's schemas by module ({module: Name, file: …})
            Target/pen.yaml:6:14: error: [CANON012] unknown type 'Color'
            """)
        // Without the flag, as `canon validate` loads, the same import is followed.
        let followed = try SchemaLoader(source: .memory(files)).load(paths: ["Target"])
        #expect(followed.diagnostics.isEmpty, "\(followed.rendered)")
        #expect(followed.fileCount == 2)
    }
}
