import Foundation

/// Writes to standard error (Swift 6 rejects C's global `stderr`).
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
