import CanonTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 server on a loopback port, for testing the transport over real sockets:
/// it answers every request with 200 and a body echoing the method and path, keeps connections
/// alive, and counts the connections it accepted and closed and the body bytes the kernel took.
final class TinyHTTPServer: @unchecked Sendable {
    /// A request as received: method, path, header fields (names lowercased) and body.
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: Data
    }

    /// Answers a request with a status and a body.
    typealias Handler = @Sendable (Request) -> (status: Int, body: Data)

    let port: UInt16
    private let handler: Handler?
    private let listener: Int32
    private let lock = NSLock()
    private var accepted = 0
    private var closed = 0
    private var sent = 0
    private var requests: [String] = []

    var acceptedConnections: Int { lock.lock(); defer { lock.unlock() }; return accepted }
    var closedConnections: Int { lock.lock(); defer { lock.unlock() }; return closed }
    /// Response bytes written so far, over every connection: they go out in 64 KiB writes through
    /// a small send buffer (256 KiB asked, which Linux doubles), so this follows what the client
    /// has taken off the socket.
    var bytesSent: Int { lock.lock(); defer { lock.unlock() }; return sent }
    var receivedRequests: [String] { lock.lock(); defer { lock.unlock() }; return requests }

    init(handler: Handler? = nil) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard let bound = bindToEphemeralLoopbackPort(fd), listen(fd, 16) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        listener = fd
        port = bound
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { close(listener) }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            lock.lock(); accepted += 1; lock.unlock()
            var sendBuffer: Int32 = 256 << 10
            setsockopt(connection, SOL_SOCKET, SO_SNDBUF, &sendBuffer, socklen_t(MemoryLayout<Int32>.size))
            Thread.detachNewThread { [self] in serve(connection) }
        }
    }

    private func serve(_ connection: Int32) {
        defer {
            close(connection)
            lock.lock(); closed += 1; lock.unlock()
        }
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            // Read one request head (these tests send no bodies on GET).
            while !buffer.contains(13) || String(decoding: buffer, as: UTF8.self).range(of: "\r\n\r\n") == nil {
                let count = read(connection, &chunk, chunk.count)
                guard count > 0 else { return }
                buffer += chunk[0..<count]
            }
            let text = String(decoding: buffer, as: UTF8.self)
            let head = text.components(separatedBy: "\r\n\r\n")[0]
            buffer.removeFirst(head.utf8.count + 4)
            var headers: [String: String] = [:]
            for line in head.components(separatedBy: "\r\n").dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            var requestBody = Data()
            if let length = headers["content-length"].flatMap(Int.init) {
                while buffer.count < length {
                    let count = read(connection, &chunk, chunk.count)
                    guard count > 0 else { return }
                    buffer += chunk[0..<count]
                }
                requestBody = Data(buffer.prefix(length))
                buffer.removeFirst(length)
            }
            let requestLine = head.components(separatedBy: "\r\n")[0]
            lock.lock(); requests.append(requestLine); lock.unlock()
            let parts = requestLine.split(separator: " ")
            var status = 200
            var body = Array("you sent \(requestLine)".utf8)
            if let handler, parts.count >= 2 {
                let answer = handler(Request(method: String(parts[0]), path: String(parts[1]), headers: headers, body: requestBody))
                status = answer.status
                body = Array(answer.body)
            }
            let response = Array("HTTP/1.1 \(status) X\r\nContent-Length: \(body.count)\r\nX-Test: yes\r\n\r\n".utf8) + body
            var offset = 0
            while offset < response.count {
                let written = response[offset..<min(offset + (64 << 10), response.count)].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard written > 0 else { return }
                offset += written
                lock.lock(); sent += written; lock.unlock()
            }
        }
    }
}
