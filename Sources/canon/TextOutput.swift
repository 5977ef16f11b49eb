import Foundation

/// Writes a generated text file only when its bytes change, saying which on standard error.
enum TextOutput {
    static func write(_ text: String, to path: String) throws {
        let data = Data(text.utf8)
        if FileManager.default.contents(atPath: path) == data {
            StandardError.write("\(path): unchanged")
            return
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CanonCLIError(description: "cannot write \(path): \(error.localizedDescription)")
        }
        StandardError.write("\(path): written")
    }
}
