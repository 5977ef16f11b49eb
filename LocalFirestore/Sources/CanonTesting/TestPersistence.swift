import CanonFirestoreServer
import CanonRuntime
import Foundation

/// Runs `body` with a ``CanonRuntime/CanonPersistence`` for a service's unit test, in one line:
///
/// ```swift
/// @Test func closingACasefile() async throws {
///     try await withTestPersistence(schemas: [CanonSchemaSet.self]) { persistence in
///         let casefile = try await persistence.casefiles.create(Casefile(title: "T", ownerId: "alice"))
///         …
///     }
/// }
/// ```
///
/// The container talks to the local Firestore server over loopback, through the same libcurl
/// client as production, and caches in memory. One server serves the whole test process: it
/// starts on first use and each call gets a project of its own, so every test starts with an
/// empty database and tests run in parallel without seeing each other's documents. The container
/// is shut down when `body` returns or throws. `configure` may change the configuration first
/// (say, `$0.cache.enabled = false`).
public func withTestPersistence<Result: Sendable>(
    schemas: [any GeneratedSchemaSet.Type],
    configure: (inout CanonConfiguration) -> Void = { _ in },
    _ body: (CanonPersistence) async throws -> Result
) async throws -> Result {
    let host = try await SharedTestServer.shared.host()
    // A project ID is at most 30 characters: 96 random bits.
    let project = "test-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(24)
    var configuration = CanonConfiguration.emulator(host, projectID: project)
    configure(&configuration)
    let persistence = try CanonPersistence(configuration: configuration, schemas: schemas)
    do {
        let result = try await body(persistence)
        await persistence.shutdown()
        return result
    } catch {
        await persistence.shutdown()
        throw error
    }
}

/// The local Firestore server every ``withTestPersistence(schemas:configure:_:)`` of a process
/// shares, started once on a free loopback port. It runs until the process ends.
actor SharedTestServer {
    static let shared = SharedTestServer()

    private var starting: Task<FirestoreServer, any Error>?

    /// The server's `host:port`, starting it on first use (a failed start is tried again next time).
    func host() async throws -> String {
        let task = starting ?? Task { try await FirestoreServer.start() }
        starting = task
        do {
            return try await task.value.emulatorHost
        } catch {
            if starting == task { starting = nil }  // not a newer attempt's
            throw error
        }
    }
}
