import Foundation

/// A readable diff for reference-test failures, using `diff -u` when the system has it.
public enum Diff {
    /// `diff -u` of two texts, labelled with `names`.
    public static func unified(expected: String, actual: String, names: (String, String) = ("expected", "actual")) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("canon-diff-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let expectedURL = folder.appendingPathComponent(names.0)
        let actualURL = folder.appendingPathComponent(names.1)
        try? expected.write(to: expectedURL, atomically: true, encoding: .utf8)
        try? actual.write(to: actualURL, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/diff")
        process.arguments = ["-u", expectedURL.path, actualURL.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return "--- expected\n\(expected)\n+++ actual\n\(actual)" }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}
