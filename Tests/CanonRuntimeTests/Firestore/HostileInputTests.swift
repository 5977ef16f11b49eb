import CanonRuntime
import Foundation
import Testing

/// Hostile values on their way to Firestore and hostile answers on their way back: each either
/// works (and is sent exactly as it is) or fails with a typed error before anything is sent.
@Suite("Hostile input to the Firestore client")
struct HostileInputTests {
    static func client() throws -> (FirestoreClient, TestTransport) {
        let transport = TestTransport { request in
            // Echo a document named by the request, as Firestore answers a get or a patch.
            let name = request.path.split(separator: "?")[0].dropFirst("/v1/".count)
            let decoded = String(name).removingPercentEncoding ?? ""
            let json = #"{"name":"\#(decoded.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\0", with: "\\u0000"))","fields":{}}"#
            return (200, Data(json.utf8))
        }
        let configuration = try FirestoreConfiguration.fromEnvironment(projectID: "demo", environment: ["FIRESTORE_EMULATOR_HOST": "127.0.0.1:8080"])
        return (FirestoreClient(configuration: configuration, transport: transport), transport)
    }

    @Test("an ID's ':' , NUL, CR/LF, '%' and non-ASCII bytes are percent-encoded, so none can end the path in a verb or split it")
    func pathEncoding() async throws {
        let (client, transport) = try Self.client()
        let ids = ["a:commit", "nul\u{0}x", "line\r\nbreak", "100%", "sp ace", "?#", "e\u{301}", "\u{e9}"]
        for id in ids {
            let document = try await client.get(name: client.documentName("rooms/" + id))
            #expect(document?.name == client.documentName("rooms/" + id), "the answer names the document sent")
        }
        let paths = transport.requests.map(\.path)
        #expect(paths == [
            "/v1/projects/demo/databases/(default)/documents/rooms/a%3Acommit",
            "/v1/projects/demo/databases/(default)/documents/rooms/nul%00x",
            "/v1/projects/demo/databases/(default)/documents/rooms/line%0D%0Abreak",
            "/v1/projects/demo/databases/(default)/documents/rooms/100%25",
            "/v1/projects/demo/databases/(default)/documents/rooms/sp%20ace",
            "/v1/projects/demo/databases/(default)/documents/rooms/%3F%23",
            "/v1/projects/demo/databases/(default)/documents/rooms/e%CC%81",  // NFD and NFC stay two IDs,
            "/v1/projects/demo/databases/(default)/documents/rooms/%C3%A9",   // as Firestore keeps them
        ])
        _ = try? await client.commit(writes: [])
        #expect(transport.requests.last?.path == "/v1/projects/demo/databases/(default)/documents:commit", "the verb keeps its ':'")
    }

    /// A document whose storage size, by Firestore's rules, is `size` bytes: `rooms/r1` is 16 +
    /// 6 + 3 bytes, the field `f` 2, its string the rest but one, and 32 more.
    static func fields(ofSize size: Int) -> [String: FirestoreValue] {
        ["f": .string(String(repeating: "x", count: size - (16 + 6 + 3) - 2 - 32 - 1))]
    }

    @Test("a document over 1 MiB is refused before it is sent; one of exactly 1 MiB is sent")
    func documentSize() async throws {
        let (client, transport) = try Self.client()
        let name = client.documentName("rooms/r1")
        _ = try await client.patch(name: name, fields: Self.fields(ofSize: 1_048_576))
        #expect(transport.requests.count == 1)
        for attempt in [
            { _ = try await client.patch(name: name, fields: Self.fields(ofSize: 1_048_577)) },
            { _ = try await client.commit(writes: [Write(update: FirestoreDocument(name: name, fields: Self.fields(ofSize: 1_048_577)))]) },
            { _ = try await client.createDocument(collectionID: "rooms", documentID: "r1", fields: Self.fields(ofSize: 1_048_577)) },
        ] as [@Sendable () async throws -> Void] {
            await #expect {
                try await attempt()
            } throws: { error in
                guard case FirestoreError.invalidWrite(let reason) = error else { return false }
                return reason.contains("would be 1048577 bytes") && reason.contains("at most 1048576")
            }
        }
        #expect(transport.requests.count == 1, "nothing more was sent")
    }

    static func nested(_ depth: Int, leaf: FirestoreValue = .integer(1)) -> FirestoreValue {
        (1..<depth).reduce(leaf) { inner, _ in .map(["m": inner]) }
    }

    @Test("values nested deeper than 20, arrays in arrays and reserved or over-long map keys are refused before sending")
    func values() async throws {
        let (client, transport) = try Self.client()
        let name = client.documentName("rooms/r1")
        _ = try await client.patch(name: name, fields: ["deep": Self.nested(20)])
        _ = try await client.patch(name: name, fields: ["vector": .map(["__type__": .string("__vector__"), "value": .array([.double(1)])])])
        #expect(transport.requests.count == 2)
        let refused: [[String: FirestoreValue]] = [
            ["deep": Self.nested(21)],
            ["list": .array([.array([.integer(1)])])],
            ["map": .map(["__x__": .integer(1)])],
            ["map": .map([String(repeating: "k", count: 1_501): .integer(1)])],
            ["__name__": .string("x")],
        ]
        for fields in refused {
            await #expect {
                _ = try await client.patch(name: name, fields: fields)
            } throws: { error in
                if case FirestoreError.invalidWrite = error { return true }
                return false
            }
        }
        #expect(transport.requests.count == 2, "nothing refused was sent")
    }

    @Test("an answer nested without end, with invalid UTF-8 or with raw control characters is a ParseError, not a crash")
    func hostileAnswers() throws {
        let deep = String(repeating: #"{"mapValue":{"fields":{"a":"#, count: 100_000) + "null" + String(repeating: "}}}", count: 100_000)
        #expect(throws: FirestoreJSON.ParseError.self) { try FirestoreJSON.value(from: Data(deep.utf8)) }
        let arrays = String(repeating: "[", count: 1_000_000)
        #expect(throws: FirestoreJSON.ParseError.self) { try FirestoreJSON.document(from: Data((#"{"name":"x","fields":{},"extra":"# + arrays).utf8)) }
        var invalid = Data(#"{"stringValue":""#.utf8)
        invalid.append(contentsOf: [0xC3, 0x28])
        invalid.append(contentsOf: Data(#""}"#.utf8))
        #expect(throws: FirestoreJSON.ParseError.self) { try FirestoreJSON.value(from: invalid) }
        #expect(throws: FirestoreJSON.ParseError.self) { try FirestoreJSON.value(from: Data("{\"stringValue\":\"a\nb\"}".utf8)) }
        // What a value may hold still reads: 20 levels of maps, escaped control characters.
        let twenty = String(repeating: #"{"mapValue":{"fields":{"a":"#, count: 19) + #"{"nullValue":null}"# + String(repeating: "}}}", count: 19)
        #expect(try FirestoreJSON.value(from: Data(twenty.utf8)) == Self.nested(20, leaf: .null).replacingKeys())
        #expect(try FirestoreJSON.value(from: Data(#"{"stringValue":"a\u0000\n"}"#.utf8)) == .string("a\u{0}\n"))
    }

    @Test("which failures of a write leave its outcome open", arguments: [
        (FirestoreError.server(.init(code: 409, message: "", status: "ABORTED")), false),
        (.server(.init(code: 503, message: "", status: "UNAVAILABLE")), false),
        (.server(.init(code: 429, message: "", status: "RESOURCE_EXHAUSTED")), false),
        (.server(.init(code: 400, message: "", status: "INVALID_ARGUMENT")), false),
        (.server(.init(code: 504, message: "", status: "DEADLINE_EXCEEDED")), true),
        (.server(.init(code: 500, message: "", status: "INTERNAL")), true),
        (.transport(.timeout(url: "u")), true),
        (.transport(.other(url: "u", code: 52, message: "empty reply")), true),
        (.transport(.connectionRefused(url: "u")), false),
        (.malformedResponse("x"), true),
        (.invalidWrite("x"), false),
    ])
    func ambiguity(error: FirestoreError, ambiguous: Bool) {
        #expect(error.mayHaveBeenApplied == ambiguous)
    }
}

extension FirestoreValue {
    /// `nested`'s maps use the key "m"; the JSON above uses "a".
    fileprivate func replacingKeys() -> FirestoreValue {
        if case .map(let fields) = self { return .map(Dictionary(uniqueKeysWithValues: fields.map { ("a", $0.value.replacingKeys()) })) }
        return self
    }
}

@Suite("Ambiguous outcomes")
struct AmbiguousOutcomeTests {
    final class Attempts: @unchecked Sendable {
        let lock = NSLock()
        var count = 0
        func next() -> Int { lock.withLock { count += 1; return count } }
    }

    @Test("a write that timed out, then was refused on every retry, is reported as possibly applied")
    func earlierAmbiguityWins() async throws {
        let attempts = Attempts()
        let transport = TestTransport { _ in
            if attempts.next() == 1 { throw TransportError.timeout(url: "u") }
            return (503, Data(#"{"error":{"code":503,"message":"busy","status":"UNAVAILABLE"}}"#.utf8))
        }
        var configuration = try FirestoreConfiguration.fromEnvironment(projectID: "demo", environment: ["FIRESTORE_EMULATOR_HOST": "127.0.0.1:8080"])
        configuration.retryPolicy = RetryPolicy(maximumAttempts: 4)
        let client = FirestoreClient(configuration: configuration, transport: transport,
                                     middlewares: [FirestoreRetryMiddleware(policy: configuration.retryPolicy, sleep: { _ in })])
        let name = client.documentName("rooms/a")
        await #expect {
            // A plain set: safe to repeat, so retried after the timeout.
            _ = try await client.commit(writes: [Write(update: FirestoreDocument(name: name, fields: ["n": .integer(1)]))])
        } throws: { error in
            (error as? FirestoreError)?.mayHaveBeenApplied == true
        }
        #expect(attempts.count == 4)
    }

    @Test("a read that timed out and then found nothing finds nothing: only writes keep an earlier ambiguity")
    func readsKeepTheirAnswer() async throws {
        let attempts = Attempts()
        let transport = TestTransport { _ in
            if attempts.next() == 1 { throw TransportError.timeout(url: "u") }
            return (404, Data(#"{"error":{"code":404,"message":"none","status":"NOT_FOUND"}}"#.utf8))
        }
        let configuration = try FirestoreConfiguration.fromEnvironment(projectID: "demo", environment: ["FIRESTORE_EMULATOR_HOST": "127.0.0.1:8080"])
        let client = FirestoreClient(configuration: configuration, transport: transport,
                                     middlewares: [FirestoreRetryMiddleware(policy: configuration.retryPolicy, sleep: { _ in })])
        #expect(try await client.get(name: client.documentName("rooms/a")) == nil)
        #expect(attempts.count == 2)
    }

    @Test("the server timeout is the request timeout less a margin, in seconds with milliseconds", arguments: [
        (Duration.milliseconds(400), "0.300"), (.seconds(30), "27.000"), (.seconds(1), "0.900"), (.milliseconds(150), "0.075"),
        (.milliseconds(1), "0.001"), (.seconds(10_000_000), "77760.000"),
    ])
    func serverTimeout(timeout: Duration, header: String) async throws {
        let transport = TestTransport { _ in (404, Data(#"{"error":{"code":404,"message":"none","status":"NOT_FOUND"}}"#.utf8)) }
        var configuration = try FirestoreConfiguration.fromEnvironment(projectID: "demo", environment: ["FIRESTORE_EMULATOR_HOST": "127.0.0.1:8080"])
        configuration.requestTimeout = timeout
        let client = FirestoreClient(configuration: configuration, transport: transport)
        _ = try await client.get(name: client.documentName("rooms/a"))
        #expect(transport.requests.first?.headers["x-server-timeout"] == header)
    }
}
