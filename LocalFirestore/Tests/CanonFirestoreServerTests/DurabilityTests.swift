import CanonRuntime
import CanonTestSupport
import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `--data-dir`: acknowledged commits survive `kill -9` of the `canon-firestore` process.
@Suite("Durability", .serialized)
struct DurabilityTests {
    /// The built `canon-firestore` next to the test bundle.
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("canon-firestore")

    /// A running `canon-firestore` process.
    final class ServerProcess: @unchecked Sendable {
        let process = Process()
        let output = Pipe()
        var emulatorHost = ""

        init(dataDirectory: URL) throws {
            process.executableURL = DurabilityTests.executable
            process.arguments = ["--port", "0", "--data-dir", dataDirectory.path, "--log-level", "error"]
            process.standardOutput = output
            try process.run()
            var text = ""
            let deadline = Date().addingTimeInterval(20)
            while !text.contains("\n"), Date() < deadline {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            guard let range = text.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else {
                throw Failure(message: "canon-firestore did not start: \(text)")
            }
            emulatorHost = String(text[range])
        }

        func kill9() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        func client() throws -> FirestoreClient {
            let configuration = try FirestoreConfiguration.fromEnvironment(projectID: "durable", environment: ["FIRESTORE_EMULATOR_HOST": emulatorHost])
            return FirestoreClient(configuration: configuration, transport: DurabilityTests.transport)
        }
    }

    struct Failure: Error { var message: String }

    /// One transport for the suite's clients, alive as long as the test process.
    static let transport = CurlTransport()

    /// Acknowledged documents, shared by the writers.
    final class Acknowledged: Sendable {
        let documents = Mutex<[String: FirestoreDocument]>([:])
    }

    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("canon-firestore-\(UUID().uuidString)")
    }

    @Test("every acknowledged commit is there after kill -9 and a restart, with its times")
    func survivesKill() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try ServerProcess(dataDirectory: directory)
        let client = try first.client()
        let acknowledged = Acknowledged()
        // Writers keep committing while the process is killed under them.
        let writers = Task {
            await withTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        for index in 0..<10_000 {
                            let id = "w\(writer)-\(index)"
                            guard let document = try? await client.createDocument(collectionID: "items", documentID: id, fields: ["i": .integer(Int64(index)), "bytes": .bytes(Bytes([UInt8(index % 256)]))]) else { return }
                            acknowledged.documents.withLock { $0[id] = document }
                        }
                    }
                }
            }
        }
        while acknowledged.documents.withLock({ $0.count }) < 200 { try await Task.sleep(for: .milliseconds(20)) }
        first.kill9()
        await writers.value
        let written = acknowledged.documents.withLock { $0 }

        let second = try ServerProcess(dataDirectory: directory)
        defer { second.kill9() }
        let reader = try second.client()
        var pageToken: String?
        var recovered: [String: FirestoreDocument] = [:]
        repeat {
            let page = try await reader.listDocuments(collectionID: "items", pageSize: 500, pageToken: pageToken)
            for document in page.documents { recovered[document.documentID!] = document }
            pageToken = page.nextPageToken
        } while pageToken != nil
        for (id, document) in written {
            #expect(recovered[id] == document, "acknowledged \(id) must survive exactly")
        }
        // At most the writes in flight at the kill were applied without being acknowledged.
        #expect(recovered.count - written.count <= 4)
        print("kill -9 after \(written.count) acknowledged commits: \(recovered.count) documents recovered.")
    }

    @Test("a torn last record is dropped; a restart in-process serves the same data")
    func tornRecord() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await LocalServer.with(dataDirectory: directory) { server in
            try await server.seed([("c/a", #"{"v":{"integerValue":"1"}}"#), ("c/b", #"{"v":{"integerValue":"2"}}"#)])
            _ = try await server.call("DELETE", "\(server.root)/c/b")
        }
        // A crash mid-append leaves half a record.
        let log = directory.appendingPathComponent("canon-firestore.log")
        let handle = try FileHandle(forWritingTo: log)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("0badf00d {\"op\":\"comm".utf8))
        try handle.close()
        try await LocalServer.with(dataDirectory: directory) { server in
            #expect(try await server.call("GET", "\(server.root)/c/a").json["fields"]?["v"] == .object([("integerValue", .string("1"))]))
            #expect(try await server.call("GET", "\(server.root)/c/b").errorStatus == "NOT_FOUND")
            try await server.seed([("c/c", "{}")])
        }
        try await LocalServer.with(dataDirectory: directory) { server in
            let answer = try await server.call("GET", "\(server.root)/c/c")
            #expect(answer.status == 200)
        }
    }

    @Test("a damaged record in the middle of the log stops the server from starting rather than losing data")
    func damagedRecord() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await LocalServer.with(dataDirectory: directory) { server in
            try await server.seed([("c/a", "{}")])
        }
        let log = directory.appendingPathComponent("canon-firestore.log")
        var bytes = try Data(contentsOf: log)
        bytes[bytes.startIndex + 20] ^= 0x01
        bytes += Data("00000000 {}\n".utf8)
        try bytes.write(to: log)
        let error = await #expect(throws: (any Error).self) { try await LocalServer.with(dataDirectory: directory) { _ in } }
        #expect("\(error.map { "\($0)" } ?? "")".contains("damaged"))
    }

    @Test("two servers cannot share a data directory")
    func exclusiveDirectory() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await LocalServer.with(dataDirectory: directory) { _ in
            let error = await #expect(throws: (any Error).self) { try await LocalServer.with(dataDirectory: directory) { _ in } }
            #expect("\(error.map { "\($0)" } ?? "")".contains("in use"))
        }
    }
}
