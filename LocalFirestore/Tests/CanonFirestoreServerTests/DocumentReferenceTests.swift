import CanonFirestoreServer
@_spi(Generated) import CanonRuntime
import CanonTestSupport
import CanonicalModels
import Foundation
import Testing

/// Typed references to the documents of `Schemas/`, on the local server: made by repositories,
/// read back by reference, checked against their model's collections wherever they enter or
/// leave, and carrying a subcollection document's parents.
@Suite("Document references")
struct DocumentReferenceTests {
    @Test("a repository makes a reference to its documents, and get reads one back; a subcollection's names its parents")
    func referenceAndGet() async throws {
        try await LocalServer.with { server in
            let client = try server.client()
            let casefiles = CasefilesRepository(client: client)
            let casefile = try await casefiles.create(Casefile(title: "T", ownerId: "alice"))
            let reference = casefiles.reference(to: casefile.id)
            #expect(reference.path == "casefiles/\(casefile.id.rawValue)" && reference.documentID == casefile.id)
            #expect(try await casefiles.get(reference) == casefile)
            #expect(try await casefiles.get(casefiles.reference(to: "missing")) == nil)

            let sessions = ToolSessionsRepository(client: client)
            let session = try await sessions.create(ToolSession(casefile: reference, userId: "alice", toolName: "t", startedAt: Timestamp(seconds: 1)))
            let requests = sessions.requests(of: session.id)
            let request = try await requests.create(ToolRequest(id: "r1", requestId: "req-1", operation: "op", startedAt: Timestamp(seconds: 2)))
            let requestReference = requests.reference(to: request.id)
            #expect(requestReference.toolSessionId == session.id, "the parent's typed ID")
            #expect(requestReference.path == "tool_sessions/\(session.id.rawValue)/requests/r1")
            // Read by reference wherever the caller stands: the group, or another session's repository.
            #expect(try await ToolRequestsGroup(client: client).get(requestReference) == request)
            #expect(try await sessions.requests(of: "another").get(requestReference) == request)
            // Stored references decode to the same typed value.
            #expect(try await sessions.get(session.id)?.casefile == reference)
        }
    }

    @Test("a path is checked against the model's collections and Firestore's ID rules")
    func checkedPaths() throws {
        #expect(try DocumentReference<ToolRequest>(path: "tool_sessions/s1/requests/r1").toolSessionId == "s1")
        #expect(try DocumentReference<Casefile>(path: "casefiles/c1").documentID == "c1")
        for path in ["tool_sessions/c1", "casefiles", "casefiles/c1/notes", "casefiles/c1/notes/n1", "casefiles/..", "casefiles/", "/casefiles/c1",
                     "casefiles/__x__"] {
            #expect(throws: RepositoryError.self, "\(path)") { try DocumentReference<Casefile>(path: path) }
        }
        #expect(throws: RepositoryError.self) { try DocumentReference<ToolRequest>(path: "elsewhere/s1/requests/r1") }
        #expect(try DocumentReference<CasefileNote>(path: "casefiles/c1/notes/n1").casefileId == "c1")
        // Plain JSON (a cache, an API) is checked the same way.
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DocumentReference<Casefile>.self, from: Data(#""chat_sessions/x""#.utf8)) }
        #expect(try JSONDecoder().decode(DocumentReference<Casefile>.self, from: Data(#""casefiles/x""#.utf8)).path == "casefiles/x")
    }

    @Test("a stored reference to the wrong collection fails to decode; a bad one is never written")
    func storedReferences() async throws {
        try await LocalServer.with { server in
            let client = try server.client()
            try await server.seed([("tool_sessions/bad", #"{"casefile":{"referenceValue":"\#(server.root)/chat_sessions/x"},"user_id":{"stringValue":"u"},"tool_name":{"stringValue":"t"},"started_at":{"timestampValue":"2026-01-01T00:00:00Z"}}"#)])
            let sessions = ToolSessionsRepository(client: client)
            await #expect(throws: DecodingError.self) { try await sessions.get("bad") }
            // An ID with a slash makes a reference to no casefile: the write fails before anything is sent.
            let wrong = CasefilesRepository(client: client).reference(to: "a/b")
            await #expect(throws: EncodingError.self) {
                try await sessions.create(ToolSession(id: "s", casefile: wrong, userId: "u", toolName: "t", startedAt: Timestamp(seconds: 1)))
            }
            #expect(try await sessions.get("s") == nil)
        }
    }
}
