import CanonFirestoreServer
import CanonRuntime
import CanonTestSupport
import Foundation
import Testing

/// Fault injection, and the runtime's retries, timeouts and transport errors against it.
@Suite("Fault injection")
struct FaultInjectionTests {
    static let quickRetries = RetryPolicy(maximumAttempts: 5, initialBackoff: .milliseconds(1), maximumBackoff: .milliseconds(5))

    @Test("a get failing UNAVAILABLE twice succeeds on the runtime's third attempt")
    func retriedRead() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/a", "{}")])
            server.server.faults.inject(Fault(method: "get", action: .fail(.unavailable), times: 2))
            let document = try await server.client(retry: Self.quickRetries).get(name: "\(server.root)/c/a")
            #expect(document != nil)
            #expect(server.server.faults.affectedCalls("get") == 2)
        }
    }

    @Test("after an ambiguous failure a commit is repeated only if a repeat leaves the same data and result; a dropped connection is a transport error")
    func droppedCommit() async throws {
        try await LocalServer.with { server in
            server.server.faults.inject(Fault(method: "commit", action: .drop, times: 1))
            let client = try server.client(retry: Self.quickRetries)
            let name = "\(server.root)/c/a"
            let builder = WriteBuilder()
            let increment = [try builder.set(name: name, data: ["n": .increment(.integer(1))])]
            await #expect(throws: FirestoreError.self) { _ = try await client.commit(writes: increment) }
            #expect(server.server.faults.affectedCalls("commit") == 1)
            #expect(try await client.get(name: name) == nil, "a dropped call was not handled")

            // INTERNAL is ambiguous too: an increment or a create is not repeated, a plain set is.
            server.server.faults.inject(Fault(method: "commit", action: .fail(.internal), times: 1))
            await #expect(throws: FirestoreError.self) { _ = try await client.commit(writes: increment) }
            server.server.faults.inject(Fault(method: "commit", action: .fail(.internal), times: 1))
            let create = [try builder.set(name: name, data: ["v": .value(.integer(1))], precondition: Precondition(exists: false))]
            await #expect(throws: FirestoreError.self) { _ = try await client.commit(writes: create) }
            #expect(try await client.get(name: name) == nil)
            server.server.faults.inject(Fault(method: "commit", action: .fail(.internal), times: 1))
            _ = try await client.commit(writes: [try builder.set(name: name, data: ["v": .value(.integer(1))])])
            #expect(try await client.get(name: name)?.fields["v"] == .integer(1))
            #expect(server.server.faults.affectedCalls("commit") == 4)
        }
    }

    @Test("a delayed answer runs into the client's request timeout")
    func delayAndTimeout() async throws {
        try await LocalServer.with { server in
            server.server.faults.inject(Fault(method: "get", action: .delay(.seconds(2))))
            var configuration = try FirestoreConfiguration.fromEnvironment(projectID: "demo", environment: ["FIRESTORE_EMULATOR_HOST": server.server.emulatorHost])
            configuration.requestTimeout = .milliseconds(300)
            configuration.retryPolicy = RetryPolicy(maximumAttempts: 1)
            let client = FirestoreClient(configuration: configuration, transport: server.transport)
            let started = ContinuousClock.now
            do {
                _ = try await client.get(name: "\(server.root)/c/a")
                Issue.record("expected a timeout")
            } catch let error as FirestoreError {
                guard case .transport(.timeout(_)) = error else { Issue.record("expected a timeout, got \(error)"); return }
            }
            #expect(ContinuousClock.now - started < .seconds(2))
        }
    }

    @Test("a probability affects about that share of calls")
    func probability() async throws {
        try await LocalServer.with { server in
            server.server.faults.inject(Fault(method: "runQuery", action: .fail(.resourceExhausted), probability: 0.5))
            var failures = 0
            for _ in 0..<200 {
                let answer = try await server.call("POST", "\(server.root):runQuery", #"{"structuredQuery":{"from":[{"collectionId":"c"}]}}"#)
                if answer.status == 429 { failures += 1 }
            }
            #expect((60...140).contains(failures), "\(failures) of 200")
        }
    }

    @Test("faults can be set over HTTP, as the executable's users do")
    func overHTTP() async throws {
        try await LocalServer.with { server in
            let set = try await server.call("POST", "/canon/v1/faults", #"{"method":"get","fail":"PERMISSION_DENIED","message":"no","times":1}"#)
            #expect(set.status == 200)
            let denied = try await server.call("GET", "\(server.root)/c/a")
            #expect(denied.status == 403 && denied.errorStatus == "PERMISSION_DENIED" && denied.errorMessage == "no")
            #expect(try await server.call("GET", "\(server.root)/c/a").errorStatus == "NOT_FOUND")
            _ = try await server.call("POST", "/canon/v1/faults", #"{"fail":"UNAVAILABLE"}"#)
            #expect(try await server.call("GET", "\(server.root)/c/a").status == 503)
            _ = try await server.call("DELETE", "/canon/v1/faults")
            #expect(try await server.call("GET", "\(server.root)/c/a").status == 404)
        }
    }
}
