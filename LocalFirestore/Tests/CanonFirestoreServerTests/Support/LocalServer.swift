import CanonFirestoreServer
import CanonRuntime
import CanonTestSupport
import Foundation

/// A local Firestore server started for one test, reached over real HTTP with the runtime's
/// libcurl transport; JSON answers are read with the test's own parser, not the server's.
struct LocalServer {
    let server: FirestoreServer
    let transport: CurlTransport
    let project: String

    var database: String { "projects/\(project)/databases/(default)" }
    var root: String { "\(database)/documents" }

    /// Starts a server, runs `body`, stops the server.
    static func with(project: String = "demo", dataDirectory: URL? = nil, _ body: (LocalServer) async throws -> Void) async throws {
        let server = try await FirestoreServer.start(.init(dataDirectory: dataDirectory))
        let local = LocalServer(server: server, transport: CurlTransport(), project: project)
        do {
            try await body(local)
        } catch {
            await local.transport.shutdown()
            await server.stop()
            throw error
        }
        await local.transport.shutdown()
        await server.stop()
    }

    struct Answer {
        var status: Int
        var json: JSONNode
        var text: String

        /// The `google.rpc.Status` name of an error answer.
        var errorStatus: String? { json["error"]?["status"]?.string }
        var errorMessage: String { json["error"]?["message"]?.string ?? "" }
    }

    /// Sends a request; `path` is relative to `/v1/` unless it starts with `/`.
    @discardableResult
    func call(_ method: String, _ path: String, _ body: String? = nil) async throws -> Answer {
        let url = "http://\(server.emulatorHost)" + (path.hasPrefix("/") ? path : "/v1/" + path)
        let response = try await transport.send(HTTPRequest(
            method: method, url: url, headers: [("Authorization", "Bearer owner"), ("Content-Type", "application/json")],
            body: body.map { Data($0.utf8) }))
        let text = String(decoding: try await response.body.collect(), as: UTF8.self)
        return Answer(status: response.status, json: try JSONNode.parse(text), text: text)
    }

    /// A runtime client configured as any SDK is, from `FIRESTORE_EMULATOR_HOST`.
    func client(retry: RetryPolicy = RetryPolicy()) throws -> FirestoreClient {
        var configuration = try FirestoreConfiguration.fromEnvironment(
            projectID: project, environment: ["FIRESTORE_EMULATOR_HOST": server.emulatorHost])
        configuration.retryPolicy = retry
        return FirestoreClient(configuration: configuration, transport: transport)
    }

    /// Creates documents with a commit: path → fields JSON.
    func seed(_ documents: [(String, String)]) async throws {
        let writes = documents.map { #"{"update":{"name":"\#(root)/\#($0.0)","fields":\#($0.1)}}"# }
        let answer = try await call("POST", "\(root):commit", #"{"writes":[\#(writes.joined(separator: ","))]}"#)
        precondition(answer.status == 200, answer.text)
    }
}

extension JSONNode {
    /// The elements of an array.
    var elements: [JSONNode] {
        if case .array(let items) = self { return items }
        return []
    }

    /// The member names of an object.
    var keys: [String] {
        if case .object(let members) = self { return members.map(\.0) }
        return []
    }

    /// The document IDs of a runQuery answer, in order.
    var queryIDs: [String] {
        elements.compactMap { $0["document"]?["name"]?.string?.split(separator: "/").last.map(String.init) }
    }
}
