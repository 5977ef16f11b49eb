import CanonFirestoreServer
@_spi(Generated) import CanonRuntime
import CanonTestSupport
import CanonicalModels
import Foundation
import Testing

/// New documents of `Schemas/` on the local server: no placeholder ID, no audit fields in the
/// initializer, and `server_time` fields set to the server's time on every write path.
@Suite("New documents and server times")
struct NewDocumentTests {
    /// The stored timestamp at `key`, read raw from the server.
    static func storedTime(_ server: LocalServer, _ path: String, _ key: String) async throws -> Timestamp? {
        let text = try await server.call("GET", "\(server.root)/\(path)").json["fields"]?[key]?["timestampValue"]?.string
        return text.flatMap { Timestamp(rfc3339: $0) }
    }

    @Test("a new model needs no ID: create names it as the collection's strategy says")
    func noPlaceholderID() async throws {
        try await LocalServer.with { server in
            let casefiles = CasefilesRepository(client: try server.client())
            let draft = Casefile(title: "Printer on fire", ownerId: "alice")
            #expect(!draft.id.isAssigned && draft.id == .unassigned)
            let stored = try await casefiles.create(draft)
            #expect(stored.id.isAssigned && UUID(uuidString: stored.id.rawValue) != nil, "casefiles' id_strategy is uuid")
            #expect(try await casefiles.get(stored.id) == stored)
            let note = try await casefiles.notes(of: stored.id).create(CasefileNote(authorId: "alice", body: "b"))
            #expect(note.id.rawValue.count == 20, "notes' id_strategy is server: a 20-character ID")
            // save of an unassigned model creates it too.
            #expect(try await casefiles.save(Casefile(title: "Saved", ownerId: "bob")).id.isAssigned)
        }
    }

    @Test("a nil server_time field is stored as the server's time of the write; a set one as given")
    func serverTimeOnCreate() async throws {
        try await LocalServer.with { server in
            let client = try server.client()
            let sessions = ToolSessionsRepository(client: client)
            let casefile = CasefilesRepository(client: client).reference(to: "c1")
            let created = try await sessions.create(ToolSession(casefile: casefile, userId: "alice", toolName: "t"))
            let startedAt = try #require(created.startedAt, "the model a write returns holds the server's time")
            #expect(startedAt == created.createdAt, "one write, one server time")
            #expect(try await Self.storedTime(server, "tool_sessions/\(created.id.rawValue)", "started_at") == startedAt)
            #expect(try await sessions.get(created.id) == created)

            let given = Timestamp(seconds: 1_700_000_000)
            let explicit = try await sessions.create(ToolSession(casefile: casefile, userId: "alice", toolName: "t", startedAt: given))
            #expect(explicit.startedAt == given && explicit.startedAt != explicit.createdAt)

            // A later whole-model write keeps the stored value, since the model read back holds it.
            let updated = try await sessions.updateIfUnchanged(created.id) { $0.status = .idle }
            #expect(updated.startedAt == startedAt && updated.status == .idle)
        }
    }

    @Test("transactions, batches and saves fill server_time fields too; a partial update can ask for the server's time")
    func serverTimeEverywhere() async throws {
        try await LocalServer.with { server in
            let client = try server.client()
            let sessions = ToolSessionsRepository(client: client)
            let casefile = CasefilesRepository(client: client).reference(to: "c1")
            try await client.transaction { tx in
                try tx.create(ToolSession(id: "tx", casefile: casefile, userId: "u", toolName: "t"), in: sessions)
            }
            var batch = WriteBatch()
            try batch.create(ToolSession(id: "batch", casefile: casefile, userId: "u", toolName: "t"), in: sessions)
            try await batch.commit(with: client)
            let saved = try await sessions.save(ToolSession(id: "saved", casefile: casefile, userId: "u", toolName: "t"))
            for id in ["tx", "batch", "saved"] {
                let session = try #require(try await sessions.get(ToolSession.ID(rawValue: id)))
                #expect(session.startedAt != nil && session.startedAt == session.createdAt, "\(id)")
            }
            #expect(saved.startedAt == saved.createdAt)

            // Over existing documents, with the field set to nil: the masked save, a transaction's
            // save over what it read, a batch's upsert and a partial update's remove each store
            // the time of their own write.
            var cleared = saved
            cleared.startedAt = nil
            let resaved = try await sessions.save(cleared)
            #expect(resaved.startedAt != nil && resaved.startedAt == resaved.updatedAt && resaved.startedAt != saved.startedAt)
            try await client.transaction { tx in
                guard var session = try await tx.get("tx", in: sessions) else { return }
                session.startedAt = nil
                try tx.save(session, in: sessions)
            }
            var upsert = WriteBatch()
            var batched = try #require(try await sessions.get("batch"))
            batched.startedAt = nil
            try upsert.save(batched, in: sessions)
            try await upsert.commit(with: client)
            for id in ["tx", "batch"] {
                let session = try #require(try await sessions.get(ToolSession.ID(rawValue: id)))
                #expect(session.startedAt != nil && session.startedAt == session.updatedAt && session.updatedAt != session.createdAt, "\(id)")
            }
            try await sessions.update("saved") { $0.remove(\.startedAt) }
            let removed = try #require(try await sessions.get("saved"))
            #expect(removed.startedAt != nil && removed.startedAt == removed.updatedAt, "a server_time field is never absent")
            // A batch's and a transaction's save of a new model name it, as save does.
            var fresh = WriteBatch()
            try fresh.save(ToolSession(casefile: casefile, userId: "u", toolName: "fresh"), in: sessions)
            try await fresh.commit(with: client)
            #expect(try await sessions.activeSessionsOfUser("u").count() == 4)

            let requests = sessions.requests(of: "saved")
            try await requests.create(ToolRequest(id: "r1", requestId: "req-1", operation: "op", startedAt: Timestamp(seconds: 5)))
            try await requests.update("r1") { change in
                change.setToServerTime(\.endedAt)
                change.set(\.startedAt, to: nil)  // nil is the server's time, as a whole-model write stores it
            }
            let request = try #require(try await requests.get("r1"))
            #expect(request.endedAt != nil && request.endedAt == request.updatedAt)
            #expect(request.startedAt == request.updatedAt)
        }
    }
}
