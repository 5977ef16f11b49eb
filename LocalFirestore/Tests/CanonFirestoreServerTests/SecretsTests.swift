import CanonFirestoreServer
@_spi(Generated) import CanonRuntime
import CanonTestSupport
import CanonicalModels
import Foundation
import Hummingbird
import Logging
import Testing
import CryptoExtras

/// A whole run that uses every secret the runtime holds — a service-account private key, the
/// OAuth tokens it gets, a Redis password — successfully and unsuccessfully, with everything the
/// runtime says captured at trace level: logs, metrics, spans, error descriptions, configuration
/// descriptions and dumps, health reports. None of it may contain a secret.
@Suite("Secrets never leak")
struct SecretsTests {
    /// An OAuth token endpoint on loopback that hands out `token` (or refuses with 401).
    static func tokenEndpoint(token: String, refuses: Bool = false) async throws -> (url: String, stop: @Sendable () async -> Void) {
        let router = Router()
        router.post("/token") { _, _ -> Response in
            if refuses {
                return Response(status: .unauthorized, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"error":"invalid_grant"}"#)))
            }
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"access_token":"\#(token)","expires_in":3600,"token_type":"Bearer"}"#)))
        }
        let bound = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "token-endpoint")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { bound.continuation.yield($0.localAddress?.port ?? 0); bound.continuation.finish() }, logger: logger)
        let task = Task { try await app.runService() }
        var ports = bound.stream.makeAsyncIterator()
        let port = await ports.next() ?? 0
        return ("http://127.0.0.1:\(port)/token", { task.cancel(); _ = try? await task.value })
    }

    /// A service-account key file with a fresh RSA key, and the key's PEM.
    static func keyFile(tokenURI: String) throws -> (json: Data, pem: String) {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let json: [String: String] = ["type": "service_account", "client_email": "canon@demo.iam.gserviceaccount.com",
                                      "private_key_id": "key-1", "private_key": key.pemRepresentation, "token_uri": tokenURI]
        return (try JSONSerialization.data(withJSONObject: json), key.pemRepresentation)
    }

    static func dumped(_ value: Any) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }

    @Test("no log line, metric, span, error, description, dump or health report of a run holds a token, a private key or a Redis password")
    func wholeRun() async throws {
        let token = "ya29.secret-token-\(UUID().uuidString)"
        let password = "redis-secret-\(UUID().uuidString.prefix(8))"
        let endpoint = try await Self.tokenEndpoint(token: token)
        let refusing = try await Self.tokenEndpoint(token: "never", refuses: true)
        let key = try Self.keyFile(tokenURI: endpoint.url)
        let refusedKey = try Self.keyFile(tokenURI: refusing.url)
        let redisServer = try RedisServer(extra: ["--requirepass", password])
        let recorder = TelemetryRecorder()
        var said: [String] = []  // everything the runtime says outside the recorder

        try await LocalServer.with { server in
            // The container: the local server, Redis behind a password (cache and keyspaces).
            var configuration = CanonConfiguration.emulator(server.server.emulatorHost)
            configuration.redis.url = "redis://:\(password)@127.0.0.1:\(redisServer.port)"
            configuration.cache.store = .automatic
            said += ["\(configuration)", String(reflecting: configuration), Self.dumped(configuration)]
            let persistence = try CanonPersistence(configuration: configuration, schemas: [CanonSchemaSet.self], telemetry: recorder.telemetry)
            let user = try await persistence.userContexts.create(UserContext(id: "u-1", preferences: Preferences(theme: .dark)))
            _ = try await persistence.userContexts.get(user.id)
            _ = try await persistence.userContexts.get(user.id)
            _ = try await persistence.rateLimitWindows?.increment(\.count, in: RateLimitWindow(subject: "alice", windowStart: 0, limit: 10))
            let report = await persistence.health.check()
            said += [String(decoding: report.json(pretty: true), as: UTF8.self), Self.dumped(report)]
            // Redis goes away and comes back: the errors and the health report while it is gone.
            redisServer.kill()
            do { _ = try await persistence.rateLimitWindows?.get(RateLimitWindowsRepository.Key(subject: "alice", windowStart: 0)) } catch {
                said += ["\(error)", String(reflecting: error), Self.dumped(error)]
            }
            let down = await persistence.health.check()
            said += [String(decoding: down.json(pretty: true), as: UTF8.self)]
            try redisServer.start()
            await persistence.shutdown()

            // A wrong Redis password.
            var wrong = configuration
            wrong.redis.url = "redis://:wrong-\(password)@127.0.0.1:\(redisServer.port)"
            let refused = try CanonPersistence(configuration: wrong, schemas: [CanonSchemaSet.self], telemetry: recorder.telemetry)
            do { _ = try await refused.rateLimitWindows?.get(RateLimitWindowsRepository.Key(subject: "alice", windowStart: 0)) } catch {
                said += ["\(error)", String(reflecting: error), Self.dumped(error)]
            }
            said += [String(decoding: await refused.health.check().json(pretty: true), as: UTF8.self)]
            await refused.shutdown()

            // Firestore with a service-account key: tokens from the endpoint, sent to the server.
            let credentials = try ServiceAccountCredentials(json: key.json)
            said += ["\(credentials)", Self.dumped(credentials)]
            let firestore = FirestoreClient(
                configuration: FirestoreConfiguration(projectID: "demo", baseURL: "http://\(server.server.emulatorHost)", credentials: credentials),
                telemetry: recorder.telemetry, circuitBreaker: CircuitBreaker(name: "firestore", telemetry: recorder.telemetry))
            let notes = FirestoreRepository<UserContext>(client: firestore, collectionPath: "user_contexts", idStrategy: .client)
            _ = try await notes.save(UserContext(id: "u-2", preferences: Preferences()))
            _ = try await notes.get("u-2")
            server.server.faults.inject(Fault(method: "get", action: .fail(.unavailable, message: "try again"), times: 1))
            _ = try await notes.get("u-2")
            do { _ = try await notes.get("bad/id") } catch { said += ["\(error)", Self.dumped(error)] }
            said += [String(decoding: await HealthChecker(firestore: firestore, redis: nil).check().json(pretty: true), as: UTF8.self)]
            await firestore.shutdown()

            // A key the endpoint refuses, and a request carrying a token, printed.
            let refusedCredentials = try ServiceAccountCredentials(json: refusedKey.json)
            let failing = FirestoreClient(
                configuration: FirestoreConfiguration(projectID: "demo", baseURL: "http://\(server.server.emulatorHost)", credentials: refusedCredentials),
                telemetry: recorder.telemetry)
            do { _ = try await failing.get(name: failing.documentName("user_contexts/u-2")) } catch {
                said += ["\(error)", String(reflecting: error), Self.dumped(error)]
            }
            await failing.shutdown()
            let request = CanonRuntime.HTTPRequest(url: "http://127.0.0.1/x", headers: [("Authorization", "Bearer \(token)")])
            said += ["\(request)", Self.dumped(request), Self.dumped(try #require(try await credentials.accessToken(using: server.transport)))]
        }
        await endpoint.stop()
        await refusing.stop()

        // Everything recorded, as text.
        var recorded = said
        for entry in recorder.logs.entries { recorded.append("\(entry.level) \(entry.message) \(entry.metadata)") }
        for counter in recorder.metrics.counters { recorded.append("\(counter.label) \(counter.dimensions)") }
        for timer in recorder.metrics.timers { recorded.append("\(timer.label) \(timer.dimensions)") }
        for recorder in recorder.metrics.recorders { recorded.append("\(recorder.label) \(recorder.dimensions)") }
        for span in recorder.tracer.finishedSpans { recorded.append(Self.dumped(span)) }
        let text = recorded.joined(separator: "\n")
        #expect(recorder.logs.entries.count > 10 && recorder.tracer.finishedSpans.count > 5, "the run was recorded")
        #expect(text.contains("401") && text.contains("WRONGPASS") && text.contains("not a valid document ID"),
                "the failures were recorded:\n\(said.joined(separator: "\n").prefix(3000))")

        // The secrets, and telling parts of them.
        let pemBody = key.pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }
        var secrets = [token, "secret-token", password, "PRIVATE KEY"] + pemBody.map(String.init)
        secrets += refusedKey.pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.map(String.init)
        for secret in secrets {
            #expect(!text.contains(secret), "'\(secret.prefix(20))…' appears in what the runtime said:\n\(text.components(separatedBy: "\n").filter { $0.contains(secret) }.prefix(3).joined(separator: "\n"))")
        }
    }
}
