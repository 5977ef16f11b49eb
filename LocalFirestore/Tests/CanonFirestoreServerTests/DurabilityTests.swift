@_spi(Generated) import CanonRuntime
import CanonicalModels
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
            guard process.isRunning else { return }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        /// A test that failed half-way leaves no server behind.
        deinit { kill9() }

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

    /// What the mixed load had acknowledged when the process died.
    struct MixedLedger: Sendable {
        var creates: Set<String> = []
        var transactions: Set<String> = []
        var attemptedTransactions: Set<String> = []
        var updates: [String: Int] = [:]
        var written: [String: Set<Int>] = [:]
    }

    @Test("under a mixed load of creates, updates, transactions and reads, kill -9 loses no acknowledged write and tears no transaction")
    func survivesKillUnderMixedLoad() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try ServerProcess(dataDirectory: directory)
        let client = try first.client()
        let sessions = ChatSessionsRepository(client: client)
        for index in 0..<2 { try await sessions.save(ChatSession(id: ChatSession.ID(rawValue: "shared-\(index)"), userId: "tx")) }
        let ledger = Locked(MixedLedger())
        let acknowledgedCount = Count()
        let policy = RetryPolicy(maximumAttempts: 20, initialBackoff: .milliseconds(1), maximumBackoff: .milliseconds(20))
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for creator in 0..<2 {
                    group.addTask {
                        for index in 0..<100_000 {
                            let token = "c\(creator)-\(index)"
                            guard (try? await sessions.save(ChatSession(id: ChatSession.ID(rawValue: token), userId: "creator", title: token))) != nil else { return }
                            ledger.withLock { _ = $0.creates.insert(token) }
                            acknowledgedCount.add()
                        }
                    }
                }
                for writer in 0..<2 {
                    group.addTask {
                        let id = "u-\(writer)"
                        for version in 1...100_000 {
                            ledger.withLock { _ = $0.written[id, default: []].insert(version) }
                            guard (try? await sessions.save(ChatSession(id: ChatSession.ID(rawValue: id), userId: "writer", messageCount: version))) != nil else { return }
                            ledger.withLock { $0.updates[id] = version }
                            _ = try? await sessions.get(ChatSession.ID(rawValue: id))
                            acknowledgedCount.add()
                        }
                    }
                }
                for runner in 0..<2 {
                    group.addTask {
                        for index in 0..<100_000 {
                            let token = "t\(runner)-\(index)"
                            let id = ChatSession.ID(rawValue: "shared-\(index % 2)")
                            ledger.withLock { _ = $0.attemptedTransactions.insert(token) }
                            do {
                                try await client.transaction(policy: policy) { transaction in
                                    guard var session = try await transaction.get(id, in: sessions) else { return }
                                    session.messageCount += 1
                                    session.requestIds.append(token)
                                    try transaction.save(session, in: sessions)
                                }
                            } catch { return }
                            ledger.withLock { _ = $0.transactions.insert(token) }
                            acknowledgedCount.add()
                        }
                    }
                }
            }
        }
        // Bounded: a load whose tasks all stopped early ends the wait too.
        let waitEnd = ContinuousClock.now + .seconds(60)
        while acknowledgedCount.value < 300, ContinuousClock.now < waitEnd { try await Task.sleep(for: .milliseconds(20)) }
        first.kill9()
        await load.value
        let acknowledged = ledger.withLock { $0 }

        let second = try ServerProcess(dataDirectory: directory)
        defer { second.kill9() }
        let reader = ChatSessionsRepository(client: try second.client())
        var stored: [String: ChatSession] = [:]
        for try await session in reader.all(pageSize: 500) { stored[session.id.rawValue] = session }
        for token in acknowledged.creates {
            #expect(stored[token]?.title == token, "acknowledged create \(token) survives")
        }
        for (id, version) in acknowledged.updates {
            let survived = stored[id]?.messageCount ?? 0
            #expect(survived >= version && acknowledged.written[id, default: []].contains(survived), "\(id) holds \(survived); \(version) was acknowledged")
        }
        var applied: [String: Int] = [:]
        for index in 0..<2 {
            let session = try #require(stored["shared-\(index)"])
            #expect(session.messageCount == session.requestIds.count, "no transaction is torn")
            for token in session.requestIds { applied[token, default: 0] += 1 }
        }
        for token in acknowledged.transactions { #expect(applied[token] == 1, "acknowledged transaction \(token) applied once") }
        #expect(applied.keys.allSatisfy { acknowledged.attemptedTransactions.contains($0) } && applied.values.allSatisfy { $0 == 1 })
        print("kill -9 under a mixed load: \(acknowledged.creates.count) creates, \(acknowledged.updates.values.reduce(0, +)) updates, "
            + "\(acknowledged.transactions.count) transactions acknowledged; \(stored.count) documents checked after the restart.")
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
