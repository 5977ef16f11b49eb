import CanonFirestoreServer
@_spi(Generated) import CanonRuntime
import CanonTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Hostile input end to end: IDs and map keys through a repository to the local server, and
/// hostile clients against the server while well-behaved ones keep being served.
@Suite("Hostile input")
struct HostileInputTests {
    struct Note: FirestoreStorable, Hashable {
        typealias ID = DocumentID<Note>
        var id: ID
        var text: String
        var labels: [String: String] = [:]
        func validate() throws {}
    }

    static func notes(_ server: LocalServer, attempts: Int = 5) throws -> FirestoreRepository<Note> {
        FirestoreRepository(client: try server.client(retry: RetryPolicy(maximumAttempts: attempts)), collectionPath: "notes", idStrategy: .client)
    }

    @Test("IDs and map keys with ':', '%', NUL, CR/LF, spaces, '..' inside and 1,500 bytes round-trip; NFC and NFD stay apart")
    func roundTrips() async throws {
        try await LocalServer.with { server in
            let notes = try Self.notes(server)
            let ids = ["a:commit", "100%", "nul\u{0}x", "line\r\nbreak", "sp ace", "a..b", "?#&=", "\u{1F680}", String(repeating: "x", count: 1_500), "\u{e9}"]
            for id in ids {
                let note = Note(id: Note.ID(rawValue: id), text: id, labels: [id: "v", "a.b": "dot", "`x`": "tick", "": "empty", "\u{0}\r\n": "ctl"])
                try await notes.save(note)
                #expect(try await notes.get(note.id) == note, "\(id.debugDescription.prefix(40))")
            }
            let listed = try await notes.list(limit: 100).items.map(\.id.rawValue)
            #expect(Set(listed) == Set(ids))
            // Firestore tells IDs apart by their bytes; the local server refuses the spelling it
            // cannot keep apart (not NFC) with UNIMPLEMENTED, a typed error, and stores nothing.
            await #expect {
                try await notes.save(Note(id: "e\u{301}", text: "nfd"))
            } throws: { error in
                (error as? FirestoreError)?.statusName == "UNIMPLEMENTED"
            }
        }
    }

    @Test("values Firestore refuses fail with typed errors before the network")
    func refusedBeforeSending() async throws {
        try await LocalServer.with { server in
            // Served by nobody: anything that reached the network would fail differently.
            var configuration = try FirestoreConfiguration.fromEnvironment(projectID: "demo", environment: ["FIRESTORE_EMULATOR_HOST": "127.0.0.1:1"])
            configuration.retryPolicy = RetryPolicy(maximumAttempts: 1)
            let offline = FirestoreRepository<Note>(client: FirestoreClient(configuration: configuration, transport: server.transport),
                                                    collectionPath: "notes", idStrategy: .client)
            for id in ["a/b", ".", "..", "__x__", "", String(repeating: "x", count: 1_501)] {
                await #expect(throws: RepositoryError.self) { try await offline.save(Note(id: Note.ID(rawValue: id), text: "x")) }
            }
            for note in [
                Note(id: "big", text: String(repeating: "x", count: 1_048_576)),
                Note(id: "reserved", text: "x", labels: ["__x__": "v"]),
                Note(id: "long-key", text: "x", labels: [String(repeating: "k", count: 1_501): "v"]),
            ] {
                await #expect {
                    try await offline.save(note)
                } throws: { error in
                    guard case FirestoreError.invalidWrite = error else { return false }
                    return true
                }
            }
        }
    }

    @Test("malformed, mistyped, too deep and oversized requests get INVALID_ARGUMENT while other clients are served")
    func badRequestsBesideGoodOnes() async throws {
        try await LocalServer.with { server in
            let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
            let manyKeys = "{" + (0..<50_000).map { "\"k\($0)\":1" }.joined(separator: ",") + ",\"k7\":2}"
            let bad: [(String, String, String)] = [
                ("PATCH", "\(server.root)/rooms/a", #"{"fields":"#),
                ("PATCH", "\(server.root)/rooms/a", #"{"fields":{"v":{"integerValue":true}}}"#),
                ("PATCH", "\(server.root)/rooms/a", #"{"fields":[]}"#),
                ("POST", "\(server.root):commit", deep),
                ("POST", "\(server.root):commit", manyKeys),
                ("PATCH", "\(server.root)/rooms/a", "\u{FF}\u{FE}garbage"),
                ("PATCH", "\(server.root)/rooms/a", #"{"fields":{"v":{"stringValue":"\#(String(repeating: "x", count: 11 * 1_048_576))"}}}"#),
            ]
            let notes = try Self.notes(server)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for round in 0..<3 {
                        for (method, path, body) in bad {
                            let answer = try await server.call(method, path, body)
                            #expect(answer.status == 400 && answer.errorStatus == "INVALID_ARGUMENT",
                                    "round \(round): \(method) \(body.prefix(40)) → \(answer.text.prefix(200))")
                        }
                    }
                }
                for writer in 0..<3 {
                    group.addTask {
                        for index in 0..<40 {
                            let note = Note(id: Note.ID(rawValue: "w\(writer)-\(index)"), text: "t")
                            try await notes.save(note)
                            #expect(try await notes.get(note.id) == note)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await server.call("GET", "\(server.root)/rooms/a").errorStatus == "NOT_FOUND", "nothing bad was written")
            #expect(try await notes.count() == 120)
        }
    }

    @Test("clients that stall mid-request or dribble a request hold nobody up, and are cut off")
    func slowClients() async throws {
        let server = try await FirestoreServer.start(.init(idleTimeout: .milliseconds(500)))
        let local = LocalServer(server: server, transport: CurlTransport(), project: "demo")
        // Stalled: headers promise a body that never comes.
        let stalled = try RawConnection(port: server.port)
        try stalled.send("POST /v1/projects/demo/databases/(default)/documents:commit HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
        // Dribbling: a request head sent a byte every 20 ms, which would take 2 s; the server
        // wants a whole head within its idle timeout.
        let dribbling = try RawConnection(port: server.port)
        let notes = try Self.notes(local)
        let cutOff = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                for byte in "GET /v1/projects/demo/databases/(default)/documents/rooms/a HTTP/1.1\r\nHost: x\r\n".utf8 {
                    guard (try? dribbling.send(bytes: [byte])) != nil else { return true }
                    try await Task.sleep(for: .milliseconds(20))
                }
                return dribbling.waitForClose(seconds: 10)
            }
            group.addTask {
                for index in 0..<50 {
                    let note = Note(id: Note.ID(rawValue: "n\(index)"), text: "t")
                    try await notes.save(note)
                    #expect(try await notes.get(note.id) == note)
                }
                return true
            }
            return try await group.reduce(true) { $0 && $1 }
        }
        #expect(cutOff, "the dribbling client was disconnected")
        // Idle for longer than the timeout: the server hangs up (bounded wait).
        #expect(stalled.waitForClose(seconds: 10), "the stalled connection is closed after the idle timeout")
        #expect(try await notes.count() == 50)
        await local.transport.shutdown()
        await server.stop()
    }
}

/// A plain TCP connection to a loopback port, for clients no HTTP library would be.
final class RawConnection: @unchecked Sendable {
    let descriptor: Int32

    struct Failure: Error { var message: String }

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(message: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(descriptor); throw Failure(message: "connect") }
    }

    deinit { close(descriptor) }

    func send(_ text: String) throws { try send(bytes: Array(text.utf8)) }

    func send(bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw Failure(message: "send") }
    }

    /// Whether the peer closes the connection within `seconds` (reads and drops what it sends).
    func waitForClose(seconds: Int) -> Bool {
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(TimeInterval(seconds))
        while Date() < deadline {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return true }
            if count < 0, errno != EAGAIN, errno != EWOULDBLOCK { return true }  // reset
        }
        return false
    }
}
