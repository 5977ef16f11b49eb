import CanonRuntime
import Foundation
import Testing

/// The client's requests — URLs, headers, bodies, error mapping, retries — through a test
/// transport that records them and answers as scripted. Firestore's semantics are tested against
/// the local Firestore server, and the wire itself with `CurlTransport`; these tests are about
/// what the client asks and how it reads the answers.
@Suite("Firestore client requests")
struct FirestoreClientTests {
    final class Script: @unchecked Sendable {
        private let lock = NSLock()
        private var answers: [(Int, String)]
        private(set) var seen: [TestTransport.Request] = []

        init(_ answers: [(Int, String)]) { self.answers = answers }

        func answer(_ request: TestTransport.Request) -> (status: Int, body: Data) {
            lock.lock()
            defer { lock.unlock() }
            seen.append(request)
            let (status, body) = answers.isEmpty ? (500, "{}") : answers.removeFirst()
            return (status, Data(body.utf8))
        }
    }

    static func client(_ script: Script) throws -> (FirestoreClient, TestTransport) {
        let transport = TestTransport { script.answer($0) }
        let configuration = try FirestoreConfiguration.fromEnvironment(projectID: "demo", environment: ["FIRESTORE_EMULATOR_HOST": "127.0.0.1:8080"])
        let retries = FirestoreRetryMiddleware(policy: configuration.retryPolicy, sleep: { _ in })
        return (FirestoreClient(configuration: configuration, transport: transport, middlewares: [retries]), transport)
    }

    static let documentJSON = #"{"name":"projects/demo/databases/(default)/documents/casefiles/cf-1","fields":{"title":{"stringValue":"x"}},"createTime":"2026-01-01T00:00:00Z","updateTime":"2026-01-01T00:00:00Z"}"#

    @Test("gets a document with the emulator's bearer token; not found is nil")
    func get() async throws {
        let script = Script([(200, Self.documentJSON), (404, #"{"error":{"code":404,"message":"not found","status":"NOT_FOUND"}}"#)])
        let (client, server) = try Self.client(script)
        let document = try await client.get(name: client.documentName("casefiles/cf-1"))
        #expect(document?.fields["title"] == .string("x"))
        #expect(try await client.get(name: client.documentName("casefiles/missing")) == nil)
        #expect(script.seen.first?.path == "/v1/projects/demo/databases/(default)/documents/casefiles/cf-1")
        #expect(script.seen.first?.headers["authorization"] == "Bearer owner")
        #expect(server.requests.count == 2)
    }

    @Test("retries a read on UNAVAILABLE; after DEADLINE_EXCEEDED, repeats a write only if a repeat leaves the same data and result")
    func retries() async throws {
        let unavailable = #"{"error":{"code":503,"message":"try later","status":"UNAVAILABLE"}}"#
        let deadline = #"{"error":{"code":504,"message":"slow","status":"DEADLINE_EXCEEDED"}}"#
        let committed = #"{"writeResults":[{"updateTime":"2026-01-01T00:00:01Z"}],"commitTime":"2026-01-01T00:00:01Z"}"#
        let script = Script([(503, unavailable), (503, unavailable), (200, Self.documentJSON),
                             (504, deadline), (504, deadline), (504, deadline), (504, deadline), (504, deadline), (200, committed)])
        let (client, _) = try Self.client(script)
        #expect(try await client.get(name: client.documentName("casefiles/cf-1")) != nil)
        #expect(script.seen.count == 3)
        let name = client.documentName("casefiles/cf-1")
        let builder = WriteBuilder()
        // Each of these could land twice, or report its own success as a failure, if repeated.
        let increment = try builder.update(name: name, fields: [(FieldPath(["n"]), .increment(.integer(1)))], precondition: Precondition(exists: true))
        let create = try builder.set(name: name, data: ["a": .value(.integer(1))], precondition: Precondition(exists: false))
        let pinned = try builder.set(name: name, data: ["a": .value(.integer(1))], precondition: Precondition(updateTime: Timestamp(seconds: 1)))
        let guardedDelete = builder.delete(name: name, precondition: Precondition(exists: true))
        for write in [increment, create, pinned, guardedDelete] {
            #expect(!FirestoreClient.isRepeatable(write))
        }
        for (offset, write) in [increment, create, pinned, guardedDelete].enumerated() {
            await #expect(throws: FirestoreError.self) { _ = try await client.commit(writes: [write]) }
            #expect(script.seen.count == 4 + offset, "not repeated after an ambiguous failure")
        }
        // A plain set, or an update of a document that must exist, leaves the same data again.
        let set = try builder.set(name: name, data: ["a": .value(.integer(1))])
        let update = try builder.update(name: name, fields: [(FieldPath(["a"]), .value(.integer(2)))], precondition: Precondition(exists: true))
        #expect(FirestoreClient.isRepeatable(set) && FirestoreClient.isRepeatable(update))
        #expect(FirestoreClient.isRepeatable(builder.delete(name: name)))
        _ = try await client.commit(writes: [set, update])
        #expect(script.seen.count == 9, "repeated after DEADLINE_EXCEEDED")
    }

    @Test("commits, queries and runs a transaction with the REST shapes")
    func shapes() async throws {
        let script = Script([
            (200, #"{"writeResults":[{"updateTime":"2026-01-01T00:00:01Z"}],"commitTime":"2026-01-01T00:00:01Z"}"#),
            (200, "[" + #"{"document":"# + Self.documentJSON + #","readTime":"2026-01-01T00:00:02Z"},{"readTime":"2026-01-01T00:00:02Z","skippedResults":1}"# + "]"),
            (200, #"{"transaction":"dHgx"}"#),
            (409, #"{"error":{"code":409,"message":"contention","status":"ABORTED"}}"#),
            (200, #"{"transaction":"dHgy"}"#),
            (200, #"{"commitTime":"2026-01-01T00:00:03Z"}"#),
        ])
        let (client, _) = try Self.client(script)
        let name = client.documentName("casefiles/cf-1")
        let commit = try await client.commit(writes: [try WriteBuilder().create(name: name, data: ["title": .value(.string("x"))])])
        #expect(commit.commitTime == Timestamp(seconds: 1_767_225_601))
        var query = QueryBuilder(collectionPath: client.documentName("casefiles"))
        query.filter(FieldPath(["title"]), .equal, .string("x"))
        let documents = try await client.runQuery(try query.build())
        #expect(documents.map(\.documentID) == ["cf-1"])
        try await TransactionRunner(backend: client, sleep: { _ in }).run { transaction in
            transaction.write(WriteBuilder().delete(name: name))
        }
        let paths = script.seen.map(\.path)
        #expect(paths == [
            "/v1/projects/demo/databases/(default)/documents:commit", "/v1/projects/demo/databases/(default)/documents:runQuery",
            "/v1/projects/demo/databases/(default)/documents:beginTransaction", "/v1/projects/demo/databases/(default)/documents:commit",
            "/v1/projects/demo/databases/(default)/documents:beginTransaction", "/v1/projects/demo/databases/(default)/documents:commit",
        ])
        let retryBegin = try JSONSerialization.jsonObject(with: script.seen[4].body) as? [String: Any]
        #expect(((retryBegin?["options"] as? [String: Any])?["readWrite"] as? [String: Any])?["retryTransaction"] as? String == "dHgx")
        let firstCommit = try JSONSerialization.jsonObject(with: script.seen[0].body) as? [String: Any]
        let firstWrite = (firstCommit?["writes"] as? [[String: Any]])?.first
        #expect(firstCommit?["database"] as? String == "projects/demo/databases/(default)")
        #expect((firstWrite?["currentDocument"] as? [String: Any])?["exists"] as? Bool == false)
    }
}

extension FirestoreClientTests {
    @Test("creates, patches, deletes, batch-gets, lists and counts with the REST shapes")
    func moreOperations() async throws {
        let script = Script([
            (200, Self.documentJSON),
            (200, Self.documentJSON),
            (200, "{}"),
            (200, "[" + #"{"found":"# + Self.documentJSON + #"},{"missing":"projects/demo/databases/(default)/documents/casefiles/nope","readTime":"2026-01-01T00:00:00Z"}"# + "]"),
            (200, #"{"documents":["# + Self.documentJSON + #"],"nextPageToken":"page-2"}"#),
            (200, #"[{"result":{"aggregateFields":{"count":{"integerValue":"42"}}},"readTime":"2026-01-01T00:00:00Z"}]"#),
        ])
        let (client, _) = try Self.client(script)
        let created = try await client.createDocument(collectionID: "casefiles", documentID: "cf-1", fields: ["title": .string("x")])
        #expect(created.documentID == "cf-1")
        _ = try await client.patch(name: client.documentName("casefiles/cf-1"), fields: ["title": .string("y")],
                                   mask: [FieldPath(["title"]), FieldPath(["old field"])],
                                   precondition: Precondition(updateTime: Timestamp(seconds: 1)))
        try await client.delete(name: client.documentName("casefiles/cf-1"), precondition: Precondition(exists: true))
        let batch = try await client.batchGet(names: [client.documentName("casefiles/cf-1"), client.documentName("casefiles/nope")])
        #expect(batch.count == 2)
        if case .missing(let name) = batch[1] { #expect(name.hasSuffix("/nope")) } else { Issue.record("second result is not missing") }
        let page = try await client.listDocuments(collectionID: "casefiles", pageSize: 1)
        #expect(page.documents.count == 1 && page.nextPageToken == "page-2")
        #expect(try await client.count(QueryBuilder(collectionPath: client.documentName("casefiles")).build()) == 42)

        let root = "/v1/projects/demo/databases/(default)/documents"
        #expect(script.seen.map(\.method) == ["POST", "PATCH", "DELETE", "POST", "GET", "POST"])
        #expect(script.seen.map(\.path) == [
            root + "/casefiles?documentId=cf-1",
            root + "/casefiles/cf-1?updateMask.fieldPaths=title&updateMask.fieldPaths=%60old%20field%60&currentDocument.updateTime=1970-01-01T00%3A00%3A01Z",
            root + "/casefiles/cf-1?currentDocument.exists=true",
            root + ":batchGet",
            root + "/casefiles?pageSize=1",
            root + ":runAggregationQuery",
        ])
    }
}

extension FirestoreClientTests {
    @Test("aggregates with aliases and lists collection IDs across pages")
    func aggregatesAndCollections() async throws {
        let script = Script([
            (200, #"[{"result":{"aggregateFields":{"n":{"integerValue":"3"},"total":{"doubleValue":7.5},"mean":{"nullValue":null}}},"readTime":"2026-01-01T00:00:00Z"}]"#),
            (200, #"{"collectionIds":["casefiles","chat_sessions"],"nextPageToken":"p2"}"#),
            (200, #"{"collectionIds":["user_contexts"]}"#),
        ])
        let (client, _) = try Self.client(script)
        let query = try QueryBuilder(collectionPath: client.documentName("tool_requests")).build()
        let results = try await client.aggregate(query, ["n": .count, "total": .sum(FieldPath(["duration_ms"])), "mean": .average(FieldPath(["attempt"]))])
        #expect(results == ["n": .integer(3), "total": .double(7.5), "mean": .null])
        let sent = try JSONSerialization.jsonObject(with: script.seen[0].body) as? [String: Any]
        let aggregations = (sent?["structuredAggregationQuery"] as? [String: Any])?["aggregations"] as? [[String: Any]]
        #expect(aggregations?.compactMap { $0["alias"] as? String } == ["mean", "n", "total"])
        #expect(((aggregations?[2]["sum"] as? [String: Any])?["field"] as? [String: String])?["fieldPath"] == "duration_ms")
        #expect(try await client.listCollectionIDs() == ["casefiles", "chat_sessions", "user_contexts"])
        let second = try JSONSerialization.jsonObject(with: script.seen[2].body) as? [String: Any]
        #expect(second?["pageToken"] as? String == "p2")
    }
}

extension FirestoreClientTests {
    /// Records each call it sees, and the outcome, around the rest of the chain.
    struct Recorder: HTTPMiddleware {
        let log: Log
        let label: String

        final class Log: @unchecked Sendable {
            private let lock = NSLock()
            private var entries: [String] = []
            var all: [String] { lock.withLock { entries } }
            func add(_ entry: String) { lock.withLock { entries.append(entry) } }
        }

        func intercept(_ request: HTTPRequest, context: HTTPCallContext,
                       next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
            log.add("\(label) \(context.operation) \(context.kind)")
            do {
                let response = try await next(request)
                log.add("\(label) \(response.status)")
                return response
            } catch {
                log.add("\(label) \(error)")
                throw error
            }
        }
    }

    @Test("every call passes the middlewares in order, outermost first; retries are one of them and see each attempt below")
    func middlewareChain() async throws {
        let unavailable = #"{"error":{"code":503,"message":"try later","status":"UNAVAILABLE"}}"#
        let script = Script([(503, unavailable), (200, Self.documentJSON)])
        let transport = TestTransport { script.answer($0) }
        let configuration = try FirestoreConfiguration.fromEnvironment(projectID: "demo", environment: ["FIRESTORE_EMULATOR_HOST": "127.0.0.1:8080"])
        let log = Recorder.Log()
        let client = FirestoreClient(configuration: configuration, transport: transport, middlewares: [
            Recorder(log: log, label: "outer"), FirestoreRetryMiddleware(policy: configuration.retryPolicy, sleep: { _ in }),
            Recorder(log: log, label: "inner"),
        ])
        #expect(try await client.get(name: client.documentName("casefiles/cf-1")) != nil)
        #expect(log.all == [
            "outer GetDocument idempotent", "inner GetDocument idempotent", "inner 503", "inner GetDocument idempotent", "inner 200", "outer 200",
        ])

        // Without a retry middleware nothing is retried; failures below HTTP pass through typed.
        let refusing = TestTransport { _ in throw TransportError.connectionRefused(url: "http://127.0.0.1:8080/") }
        let bare = FirestoreClient(configuration: configuration, transport: refusing, middlewares: [])
        await #expect(throws: FirestoreError.transport(.connectionRefused(url: "http://127.0.0.1:8080/"))) {
            _ = try await bare.get(name: bare.documentName("casefiles/cf-1"))
        }
        #expect(refusing.requests.count == 1)
        let retrying = FirestoreClient(configuration: configuration, transport: refusing,
                                       middlewares: [FirestoreRetryMiddleware(policy: RetryPolicy(maximumAttempts: 3), sleep: { _ in })])
        await #expect(throws: FirestoreError.self) { _ = try await retrying.get(name: retrying.documentName("casefiles/cf-1")) }
        #expect(refusing.requests.count == 4, "nothing was sent, so the retry middleware tried three times")
    }

    @Test("credentials ask for their token over the client's transport")
    func credentialsShareTheTransport() async throws {
        let transport = TestTransport { request in
            if request.path == "/computeMetadata/v1/instance/service-accounts/default/token" {
                return (200, Data(#"{"access_token":"from-metadata","expires_in":3599}"#.utf8))
            }
            return (200, Data(Self.documentJSON.utf8))
        }
        let configuration = FirestoreConfiguration(projectID: "demo", credentials: MetadataServerCredentials(host: "metadata.test"))
        let client = FirestoreClient(configuration: configuration, transport: transport)
        _ = try await client.get(name: client.documentName("casefiles/cf-1"))
        _ = try await client.get(name: client.documentName("casefiles/cf-1"))
        #expect(transport.requests.map(\.path) == [
            "/computeMetadata/v1/instance/service-accounts/default/token",
            "/v1/projects/demo/databases/(default)/documents/casefiles/cf-1", "/v1/projects/demo/databases/(default)/documents/casefiles/cf-1",
        ])
        #expect(transport.requests.last?.headers["authorization"] == "Bearer from-metadata")
    }
}

extension FirestoreClientTests {
    @Test("a shut-down client refuses calls with a typed error; it shuts down the transport it made, not one it was given")
    func lifecycle() async throws {
        let configuration = try FirestoreConfiguration.fromEnvironment(projectID: "demo", environment: ["FIRESTORE_EMULATOR_HOST": "127.0.0.1:8080"])
        let owning = FirestoreClient(configuration: configuration, transportConfiguration: .init(maximumConcurrentRequests: 4))
        let own = owning.transport as? CurlTransport
        #expect(owning.state == .running && own?.state == .running)
        await owning.shutdown()
        #expect(owning.state == .shutDown && own?.state == .shutDown)
        let name = owning.documentName("casefiles/cf-1")
        await #expect(throws: FirestoreError.transport(.shutDown(url: "http://127.0.0.1:8080/v1/" + name))) { _ = try await owning.get(name: name) }

        let shared = CurlTransport()
        let borrowing = FirestoreClient(configuration: configuration, transport: shared)
        let running = Task { await borrowing.run() }
        running.cancel()
        await running.value
        #expect(borrowing.state == .shutDown && shared.state == .running, "the caller's transport is the caller's to shut down")
        await shared.shutdown()
    }
}

extension FirestoreClientTests {
    /// Hands out a new token each time it is asked.
    final class CountingCredentials: AccessTokenProvider, @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func accessToken(using transport: any HTTPTransport) async throws -> AccessToken? {
            AccessToken(value: "token-\(lock.withLock { count += 1; return count })")
        }
    }

    /// Answers a query's head, then fails below HTTP in the middle of its body.
    struct BrokenStream: HTTPTransport {
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            HTTPResponse(status: 200, body: HTTPBody(chunks: AsyncThrowingStream { continuation in
                continuation.yield(Data(#"[{"readTime":"2026-01-01T00:00:00Z"},"#.utf8))
                continuation.finish(throwing: TransportError.timeout(url: request.url))
            }))
        }
    }

    @Test("a streamed query is retried on its status before any of its body is read; each attempt carries a fresh token")
    func streamedRetryAndTokens() async throws {
        let unavailable = #"{"error":{"code":503,"message":"try later","status":"UNAVAILABLE"}}"#
        let script = Script([(503, unavailable), (200, "[" + #"{"document":"# + Self.documentJSON + #","readTime":"2026-01-01T00:00:02Z"}"# + "]")])
        let transport = TestTransport { script.answer($0) }
        let configuration = FirestoreConfiguration(projectID: "demo", credentials: CountingCredentials())
        let client = FirestoreClient(configuration: configuration, transport: transport,
                                     middlewares: [FirestoreRetryMiddleware(policy: configuration.retryPolicy, sleep: { _ in })])
        let documents = try await client.runQuery(try QueryBuilder(collectionPath: client.documentName("casefiles")).build())
        #expect(documents.map(\.documentID) == ["cf-1"])
        #expect(script.seen.map { $0.headers["authorization"] } == ["Bearer token-1", "Bearer token-2"])

        // A failure below HTTP in the middle of the body is the client's typed error.
        let broken = FirestoreClient(configuration: configuration, transport: BrokenStream())
        await #expect(throws: FirestoreError.transport(.timeout(url: "https://firestore.googleapis.com/v1/projects/demo/databases/(default)/documents:runQuery"))) {
            _ = try await broken.runQuery(try QueryBuilder(collectionPath: broken.documentName("casefiles")).build())
        }
    }
}

@Suite("Document ID rules")
struct DocumentIDRuleTests {
    @Test("IDs Firestore refuses are refused before anything is sent, saying why", arguments: [
        ("", "it is empty"), (".", "it cannot be '.' or '..'"), ("a/b", "it cannot contain '/'"),
        ("__x__", "it matches '__.*__', which Firestore reserves"), (String(repeating: "x", count: 1_501), "it is longer than 1500 bytes"),
        (String(repeating: "é", count: 751), "it is longer than 1500 bytes"),  // bytes, not characters
    ])
    func refused(id: String, reason: String) {
        do {
            try DocumentIDRules.check(id)
            Issue.record("'\(id.prefix(20))' passed")
        } catch {
            guard case .invalidDocumentID(_, let given) = error else { Issue.record("\(error)"); return }
            #expect(given == reason)
        }
    }

    @Test("IDs Firestore accepts pass", arguments: ["a", "_x_", "__x", "é", String(repeating: "x", count: 1_500)])
    func accepted(id: String) throws {
        try DocumentIDRules.check(id)
    }
}
