import Foundation

/// Collects a response while libcurl delivers it; touched only by the engine's thread.
final class ResponseSink {
    var body = Data()
    var headers: [(name: String, value: String)] = []

    /// One header line as libcurl hands it over, parsed as bytes (no Foundation on this path).
    func header(_ line: UnsafeRawBufferPointer) {
        let bytes = line.bindMemory(to: UInt8.self)
        if bytes.starts(with: "HTTP/".utf8) {
            headers.removeAll()  // a new response (after a redirect or 100-continue) starts over
            return
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var start = colon + 1
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        headers.append((String(decoding: UnsafeBufferPointer(rebasing: bytes[..<colon]), as: UTF8.self),
                        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)))
    }
}
