import ArgumentParser
import CanonSchema
import Foundation

/// How diagnostics are printed.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    /// `file:line:col: error: [CODE] message` lines on standard error, as compilers print them.
    case text
    /// A JSON document on standard output, for tools.
    case json
}

/// Prints diagnostics in the chosen format.
enum DiagnosticOutput {
    static func emit(_ diagnostics: [Diagnostic], format: DiagnosticFormat, fileCount: Int) {
        switch format {
        case .text:
            for diagnostic in diagnostics { StandardError.write(diagnostic.description) }
            StandardError.write(summary(diagnostics, fileCount: fileCount))
        case .json:
            let report = JSONReport(
                valid: !diagnostics.contains { $0.severity == .error },
                files: fileCount,
                diagnostics: diagnostics.map(JSONReport.Entry.init))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(report)) ?? Data("{}".utf8)
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }

    /// `3 files: 2 errors, 1 warning` or `3 files: valid`.
    static func summary(_ diagnostics: [Diagnostic], fileCount: Int) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let files = "\(fileCount) schema file\(fileCount == 1 ? "" : "s")"
        if errors == 0 && warnings == 0 { return "\(files): valid" }
        var parts: [String] = []
        if errors > 0 { parts.append("\(errors) error\(errors == 1 ? "" : "s")") }
        if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
        return "\(files): " + parts.joined(separator: ", ")
    }
}

/// The JSON shape of `--format json`.
struct JSONReport: Encodable {
    struct Entry: Encodable {
        var file: String
        var line: Int
        var column: Int
        var severity: String
        var code: String
        var message: String
        var suggestion: String?
        var notes: [Note]

        struct Note: Encodable {
            var file: String
            var line: Int
            var column: Int
            var message: String
        }

        init(_ diagnostic: Diagnostic) {
            file = diagnostic.location.file
            line = diagnostic.location.line
            column = diagnostic.location.column
            severity = diagnostic.severity.rawValue
            code = diagnostic.code.rawValue
            message = diagnostic.message
            suggestion = diagnostic.suggestion
            notes = diagnostic.notes.map {
                Note(file: $0.location.file, line: $0.location.line, column: $0.location.column, message: $0.message)
            }
        }
    }

    var valid: Bool
    var files: Int
    var diagnostics: [Entry]
}
