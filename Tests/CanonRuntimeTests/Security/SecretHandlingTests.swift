@testable import CanonRuntime
import Foundation
import InMemoryLogging
import Logging
import Testing

/// Secrets in the types that hold them, in the requests that carry them, and on the way out:
/// never printed, dumped or sent in the clear. (`LocalFirestore`'s `SecretsTests` searches all the
/// telemetry of a whole run that uses each secret.)
@Suite("Secret handling")
struct SecretHandlingTests {
    static func dumped(_ value: Any) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }

    @Test("a token is hidden in descriptions, debug descriptions and dumps, alone or in credentials")
    func tokens() {
        let token = AccessToken(value: "ya29.secret-token")
        let credentials = StaticTokenCredentials(token: "ya29.secret-token")
        for text in ["\(token)", String(reflecting: token), Self.dumped(token), "\(credentials)", String(reflecting: credentials), Self.dumped(credentials)] {
            #expect(!text.contains("secret-token"), "\(text)")
        }
    }

    @Test("a request hides credential headers and a URL's password, and shows its body by size")
    func requests() {
        let request = HTTPRequest(method: "POST", url: "https://user:hunter2@firestore.example/v1/x?y=1",
                                  headers: [("Authorization", "Bearer ya29.secret"), ("cookie", "sid=secret-cookie"), ("Accept", "application/json")],
                                  body: Data(#"{"password":"in-body"}"#.utf8))
        for text in ["\(request)", String(reflecting: request), Self.dumped(request)] {
            #expect(!text.contains("secret") && !text.contains("hunter2") && !text.contains("in-body"), "\(text)")
        }
        #expect("\(request)" == "POST https://(redacted)@firestore.example/v1/x?y=1 [Authorization: (redacted), cookie: (redacted), Accept: application/json] 22 bytes")
        let transport = TransportError.timeout(url: "http://me:hunter2@127.0.0.1:1/v1")
        #expect("\(transport)" == "request to http://(redacted)@127.0.0.1:1/v1 timed out")
        #expect(!Self.dumped(transport).contains("hunter2"))
    }

    @Test("only https and loopback addresses are safe for secrets", arguments: [
        ("https://firestore.googleapis.com", true), ("HTTPS://x", true), ("http://127.0.0.1:8080/v1", true), ("http://127.9.8.7", true),
        ("http://localhost:1", true), ("http://[::1]:8080/", true), ("http://user:pw@127.0.0.1/", true),
        ("http://firestore.googleapis.com", false), ("http://127.0.0.1.evil.example", false), ("http://10.0.0.1", false),
        ("http://[::2]:1", false), ("ftp://127.0.0.1", false), ("http://localhost.evil", false), ("http://127.0.0.1@evil.example/", false),
        ("http://127.0.0.+1", false), ("http://127.0.0.08", false), ("http://127.0.0.256", false), ("http://127.0.0.", false),
    ])
    func secureOrLoopback(url: String, safe: Bool) {
        #expect(URLParts.isSecureOrLoopback(url) == safe)
    }

    @Test("a secret token is never sent over plain HTTP to another host; the emulator's may be")
    func plainHTTP() async throws {
        let transport = TestTransport { _ in (200, Data(#"{"name":"projects/p/databases/(default)/documents/c/d","fields":{}}"#.utf8)) }
        let remote = FirestoreClient(configuration: FirestoreConfiguration(projectID: "p", baseURL: "http://firestore.example",
                                                                           credentials: StaticTokenCredentials(token: "ya29.secret")),
                                     transport: transport)
        await #expect {
            _ = try await remote.get(name: "projects/p/databases/(default)/documents/c/d")
        } throws: { error in
            (error as? CredentialsError)?.message.contains("refusing to send a bearer token over plain HTTP") == true
                && !"\(error)".contains("ya29")
        }
        #expect(transport.requests.isEmpty)
        let loopback = FirestoreClient(configuration: FirestoreConfiguration(projectID: "p", baseURL: "http://127.0.0.1:9",
                                                                             credentials: StaticTokenCredentials(token: "ya29.secret")),
                                       transport: transport)
        _ = try await loopback.get(name: "projects/p/databases/(default)/documents/c/d")
        let emulator = FirestoreClient(configuration: FirestoreConfiguration(projectID: "p", baseURL: "http://firestore-emulator:8080",
                                                                             credentials: EmulatorCredentials()),
                                       transport: transport)
        _ = try await emulator.get(name: "projects/p/databases/(default)/documents/c/d")
        #expect(transport.requests.map { $0.headers["authorization"] } == ["Bearer ya29.secret", "Bearer owner"])
    }

    @Test("a key file whose token_uri is plain HTTP to another host is refused")
    func tokenURI() throws {
        let fixture = try CredentialsTests.Fixture()
        var json = try #require(try JSONSerialization.jsonObject(with: fixture.keyFile) as? [String: String])
        json["token_uri"] = "http://oauth2.example/token"
        #expect(throws: CredentialsError.self) { try ServiceAccountCredentials(json: try JSONSerialization.data(withJSONObject: json)) }
        json["token_uri"] = "http://127.0.0.1:9/token"
        _ = try ServiceAccountCredentials(json: try JSONSerialization.data(withJSONObject: json))
    }

    @Test("turning certificate verification off is explicit and logged at critical level; it is on by default")
    func certificateVerification() async {
        #expect(CurlTransport.Configuration().certificateVerification == .enabled)
        let logs = InMemoryLogHandler()
        var configuration = CurlTransport.Configuration()
        configuration.certificateVerification = .disabledInsecurely
        let transport = CurlTransport(configuration: configuration, logger: Logger(label: "test") { _ in logs })
        await transport.shutdown()
        let critical = logs.entries.filter { $0.level == .critical }
        #expect(critical.count == 1)
        #expect(critical.first?.message.description.contains("TLS certificate verification is DISABLED") == true)
        let quiet = InMemoryLogHandler()
        let verified = CurlTransport(logger: Logger(label: "test") { _ in quiet })
        await verified.shutdown()
        #expect(quiet.entries.isEmpty)
    }
}
