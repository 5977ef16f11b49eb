import Foundation
import Testing
@testable import CanonCodegen

@Suite("Output writer")
struct OutputWriterTests {
    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("canon-out-\(UUID().uuidString)").path
    }

    static func modificationDate(_ path: String) throws -> Date {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
    }

    @Test("writes only files whose contents change")
    func writeIfChanged() throws {
        let folder = Self.folder()
        let writer = OutputWriter(folder: folder, removesStaleFiles: true)
        let files = [GeneratedFile(name: "a.canon.swift", contents: "a"), GeneratedFile(name: "b.canon.swift", contents: "b")]
        #expect(try writer.write(files).written == ["a.canon.swift", "b.canon.swift"])
        let before = try Self.modificationDate(folder + "/a.canon.swift")
        Thread.sleep(forTimeInterval: 0.02)
        let second = try writer.write([files[0], GeneratedFile(name: "b.canon.swift", contents: "b2")])
        #expect(second.unchanged == ["a.canon.swift"] && second.written == ["b.canon.swift"])
        #expect(try Self.modificationDate(folder + "/a.canon.swift") == before, "an unchanged file is not touched")
        #expect(try String(contentsOfFile: folder + "/b.canon.swift", encoding: .utf8) == "b2")
    }

    @Test("removes stale generated files and nothing else")
    func staleFiles() throws {
        let folder = Self.folder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "old".write(toFile: folder + "/gone.canon.swift", atomically: true, encoding: .utf8)
        try "mine".write(toFile: folder + "/Handwritten.swift", atomically: true, encoding: .utf8)
        let summary = try OutputWriter(folder: folder, removesStaleFiles: true).write([GeneratedFile(name: "a.canon.swift", contents: "a")])
        #expect(summary.removed == ["gone.canon.swift"])
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == ["a.canon.swift", "Handwritten.swift"])
    }
}
