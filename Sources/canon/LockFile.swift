import CanonCodegen
import CanonSchema
import Foundation

/// The lock file's commands share: reading a committed lock and comparing schemas with it.
enum LockFile {
    /// The lock at `path` as a schema set, or nil when there is no file there.
    static func read(_ path: String) throws -> SchemaSet? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let bytes: [UInt8]
        do {
            bytes = try SchemaSource.disk.read(path)
        } catch {
            throw CanonCLIError(description: "\(error)")
        }
        do {
            return try SchemaLockReader().read(bytes, file: path)
        } catch {
            throw CanonCLIError(description: "\(error.description); `canon generate --lock \(path)` writes a lock file")
        }
    }

    /// Prints `changes` in two groups, data first: what breaks stored data (CANON110–118, errors
    /// unless accepted), then what breaks only Swift source (CANON119); JSON prints them, with the
    /// validator's `warnings`, as one report.
    static func emit(_ changes: [Diagnostic], warnings: [Diagnostic] = [], lock: String, format: DiagnosticFormat, fileCount: Int) {
        guard format == .text else {
            DiagnosticOutput.emit(warnings + changes, format: format, fileCount: fileCount)
            return
        }
        for warning in warnings { StandardError.write(warning.description) }
        let data = changes.filter { $0.code != .sourceBreakingChange }
        let source = changes.filter { $0.code == .sourceBreakingChange }
        for diagnostic in data + source { StandardError.write(diagnostic.description) }
        if changes.isEmpty {
            StandardError.write("against \(lock): no change breaks stored data or Swift source")
            return
        }
        StandardError.write("against \(lock): \(count(data.count, "change")) that break\(data.count == 1 ? "s" : "") stored data, "
            + "\(count(source.count, "change")) that break\(source.count == 1 ? "s" : "") only Swift source")
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
