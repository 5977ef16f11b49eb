import CanonCodegen
import Foundation

/// Writes a generated text file only when its bytes change, saying which on standard error.
enum TextOutput {
    static func write(_ text: String, to path: String) throws {
        let written: Bool
        do {
            written = try OutputWriter.writeIfChanged(text, to: path)
        } catch {
            throw CanonCLIError(description: "cannot write \(path): \(error.localizedDescription)")
        }
        StandardError.write("\(path): \(written ? "written" : "unchanged")")
    }
}
