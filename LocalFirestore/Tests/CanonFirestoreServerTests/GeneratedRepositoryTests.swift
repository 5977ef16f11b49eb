import CanonFirestoreServer
@_spi(Generated) import CanonRuntime
import CanonTestSupport
import CanonicalModels
import Foundation
import Testing

/// The repositories generated from `Schemas/` (CanonicalModels) against the local server, over
/// the runtime's libcurl client: every named query, subcollections, audit fields and the stored
/// documents' exact shape.
@Suite("Generated repositories")
struct GeneratedRepositoryTests {
    static let context = PersistenceContext(actor: "alice", requestID: "req-42")

    @Test("casefiles: the stored document has the schema's storage keys and kinds; named queries page with cursors")
    func casefiles() async throws {
        try await LocalServer.with { server in
            let casefiles = CasefilesRepository(client: try server.client())
            let created = try await PersistenceContext.$current.withValue(Self.context) {
                try await casefiles.create(Casefile(title: "Printer on fire", ownerId: "alice", priority: .urgent,
                                                    tags: ["hardware"], metadata: ["ticket": "INC-1"], summary: "Smoke."))
            }
            #expect(UUID(uuidString: created.id.rawValue) != nil, "the collection's id_strategy is uuid")
            let raw = try await server.call("GET", "\(server.root)/casefiles/\(created.id.rawValue)")
            let fields = try #require(raw.json["fields"])
            #expect(fields.keys.sorted() == ["abstract", "created_at", "created_by", "due_at", "last_request_id", "metadata", "owner_id",
                                             "priority", "status", "tags", "title", "updated_at", "updated_by"])
            #expect(fields["priority"] == .object([("integerValue", .string("4"))]), "an int-raw enum is stored as its number")
            #expect(fields["status"] == .object([("stringValue", .string("open"))]))
            #expect(fields["due_at"] == .object([("nullValue", .null)]), "nullable with a null default is stored as null")
            #expect(fields["abstract"] == .object([("stringValue", .string("Smoke."))]), "stored under its storage key")
            #expect(fields["last_request_id"] == .object([("stringValue", .string("req-42"))]))
            #expect(try await casefiles.get(created.id) == created)

            // Seven more for alice, with increasing update times, in several states.
            var ids: [Casefile.ID] = [created.id]
            for index in 0..<7 {
                let status: CasefileStatus = index % 3 == 2 ? .closed : (index % 2 == 0 ? .open : .inReview)
                ids.append(try await casefiles.create(Casefile(title: "Case \(index)", ownerId: "alice", status: status,
                                                               tags: index < 2 ? ["hardware"] : [])).id)
            }
            try await casefiles.create(Casefile(title: "Bob's", ownerId: "bob"))

            var seen: [String] = []
            var cursor: QueryCursor?
            var pages = 0
            repeat {
                let page = try await casefiles.openCasefilesOfOwner("alice").page(limit: 2, after: cursor)
                seen += page.items.map(\.title)
                cursor = page.next
                pages += 1
            } while cursor != nil
            // Open or in review, most recently updated first: the first created is last.
            #expect(seen == ["Case 6", "Case 4", "Case 3", "Case 1", "Case 0", "Printer on fire"])
            #expect(pages == 3, "six matches in pages of two: the third page knows it is the last")

            let tagged = try await casefiles.casefilesWithTag("hardware").page()
            #expect(tagged.items.map(\.title) == ["Case 1", "Case 0", "Printer on fire"])
            #expect(tagged.next == nil)

            _ = try await casefiles.updateIfUnchanged(ids[1]) { $0.dueAt = Timestamp(seconds: 1_000) }
            _ = try await casefiles.updateIfUnchanged(ids[3]) { $0.dueAt = Timestamp(seconds: 2_000) }
            let due = try await casefiles.dueBefore(Timestamp(seconds: 1_500)).page()
            #expect(due.items.map(\.id) == [ids[1]])
            #expect(try await casefiles.count() == 9)
        }
    }

    @Test("save of an existing document is one masked update: creation fields kept, absent optionals and old alias keys removed")
    func saveExisting() async throws {
        try await LocalServer.with { server in
            let casefiles = CasefilesRepository(client: try server.client())
            // A document written by an older version: the summary under its old key.
            try await server.seed([("casefiles/old", #"{"title":{"stringValue":"Old"},"owner_id":{"stringValue":"carol"},"summary_text":{"stringValue":"legacy"},"description":{"stringValue":"gone soon"},"created_by":{"stringValue":"carol"}}"#)])
            var casefile = try #require(try await casefiles.get("old"))
            #expect(casefile.summary == "legacy", "read through the alias")
            casefile.description = nil
            casefile.createdBy = "mallory"
            let saved = try await PersistenceContext.$current.withValue(Self.context) { try await casefiles.save(casefile) }
            #expect(saved.updatedBy == "alice")
            #expect(saved.createdBy == "carol" && saved.createdAt == nil, "save returns the stored creation fields, not the caller's")
            #expect(try await casefiles.get("old") == saved)
            let raw = try await server.call("GET", "\(server.root)/casefiles/old")
            let fields = try #require(raw.json["fields"])
            #expect(fields["created_by"] == .object([("stringValue", .string("carol"))]), "creation fields are never overwritten")
            #expect(fields["description"] == nil && fields["summary_text"] == nil)
            #expect(fields["abstract"] == .object([("stringValue", .string("legacy"))]), "migrated to the current key")
            #expect(fields["updated_by"] == .object([("stringValue", .string("alice"))]))
        }
    }

    @Test("one audit rule on every write path: a write with no actor or request ID in the context removes the previous writer's")
    func writesWithoutContext() async throws {
        try await LocalServer.with { server in
            let client = try server.client()
            let casefiles = CasefilesRepository(client: client)
            let created = try await PersistenceContext.$current.withValue(Self.context) {
                try await casefiles.create(Casefile(title: "T", ownerId: "alice"))
            }
            func writer() async throws -> [String?] {
                let raw = try await server.call("GET", "\(server.root)/casefiles/\(created.id.rawValue)")
                return ["created_by", "updated_by", "last_request_id"].map { raw.json["fields"]?[$0]?["stringValue"]?.string }
            }
            #expect(try await writer() == ["alice", "alice", "req-42"])
            let writes: [(String, () async throws -> Void)] = [
                ("partial update", { try await casefiles.update(created.id) { $0.set(\.title, to: "U") } }),
                ("save", { _ = try await casefiles.save(try #require(try await casefiles.get(created.id))) }),
                ("updateIfUnchanged", { _ = try await casefiles.updateIfUnchanged(created.id) { $0.title = "V" } }),
                ("update of a version read", {
                    var versioned = try #require(try await casefiles.getVersioned(created.id))
                    versioned.model.title = "X"
                    _ = try await casefiles.update(versioned)
                }),
                ("transaction", {
                    try await client.transaction { tx in
                        let casefile = try #require(try await tx.get(created.id, in: casefiles))
                        try tx.save(casefile, in: casefiles)
                    }
                }),
                ("batch update", {
                    var batch = WriteBatch()
                    try batch.update(created.id, in: casefiles) { $0.set(\.title, to: "W") }
                    try await batch.commit(with: client)
                }),
                ("batch save", {
                    var batch = WriteBatch()
                    try batch.save(try #require(try await casefiles.get(created.id)), in: casefiles)
                    try await batch.commit(with: client)
                }),
            ]
            for (path, write) in writes {
                // Credit the document to someone first, then write with no context.
                try await PersistenceContext.$current.withValue(PersistenceContext(actor: "bob", requestID: "req-7")) {
                    try await casefiles.update(created.id) { $0.set(\.title, to: "by bob") }
                }
                #expect(try await writer() == ["alice", "bob", "req-7"], "\(path)")
                try await write()
                #expect(try await writer() == ["alice", nil, nil], "\(path): the latest write had no actor and no request")
                // An actor without a request ID sets the one and removes the other.
                try await PersistenceContext.$current.withValue(PersistenceContext(actor: "carol")) { try await write() }
                #expect(try await writer() == ["alice", "carol", nil], "\(path)")
            }
        }
    }

    @Test("casefile notes live below their casefile, typed by the casefile's ID")
    func notes() async throws {
        try await LocalServer.with { server in
            let casefiles = CasefilesRepository(client: try server.client())
            let first = try await casefiles.create(Casefile(title: "One", ownerId: "alice"))
            let second = try await casefiles.create(Casefile(title: "Two", ownerId: "alice"))
            let notes = casefiles.notes(of: first.id)
            try await notes.create(CasefileNote(authorId: "alice", body: "pinned", pinned: true))
            try await notes.create(CasefileNote(authorId: "alice", body: "plain"))
            try await casefiles.notes(of: second.id).create(CasefileNote(authorId: "bob", body: "elsewhere", pinned: true))
            #expect(try await notes.pinnedNotes().page().items.map(\.body) == ["pinned"])
            #expect(try await notes.count() == 2)
            let raw = try await server.call("POST", "\(server.root)/casefiles/\(first.id.rawValue):listCollectionIds", "{}")
            #expect(raw.json["collectionIds"]?.elements == [.string("notes")])
        }
    }

    @Test("tool sessions and their requests carry the request ID of the context; every named query runs")
    func toolSessions() async throws {
        try await LocalServer.with { server in
            let client = try server.client()
            let casefile = try await CasefilesRepository(client: client).create(Casefile(title: "C", ownerId: "alice"))
            let reference = CasefilesRepository(client: client).reference(to: casefile.id)
            let sessions = ToolSessionsRepository(client: client)
            let session = try await PersistenceContext.$current.withValue(Self.context) {
                try await sessions.create(ToolSession(casefile: reference, userId: "alice", toolName: "search",
                                                      startedAt: Timestamp(seconds: 1_800_000_000)))
            }
            #expect(session.lastRequestId == "req-42")
            let requests = sessions.requests(of: session.id)
            await #expect(throws: RepositoryError.missingID) {
                try await requests.create(ToolRequest(id: "", requestId: "r", operation: "op", startedAt: Timestamp(seconds: 1)))
            }
            for (index, status) in [RequestStatus.succeeded, .failed, .failed].enumerated() {
                try await PersistenceContext.$current.withValue(PersistenceContext(actor: "tool", requestID: "req-\(index)")) {
                    try await requests.create(ToolRequest(id: ToolRequest.ID(rawValue: "call-\(index)"), requestId: "req-\(index)", operation: "lookup",
                                                          status: status, startedAt: Timestamp(seconds: 1_800_000_000 + Int64(index))))
                }
            }
            let stored = try await server.call("GET", "\(server.root)/tool_sessions/\(session.id.rawValue)/requests/call-1")
            #expect(stored.json["fields"]?["last_request_id"] == .object([("stringValue", .string("req-1"))]))
            #expect(stored.json["fields"]?["request_id"] == .object([("stringValue", .string("req-1"))]))

            #expect(try await sessions.sessionsOfCasefile(reference).page(limit: 10).items.map(\.id) == [session.id])
            #expect(try await sessions.activeSessionsOfUser("alice").count() == 1)
            #expect(try await requests.requestsByStatus(.failed).page().items.map(\.id.rawValue) == ["call-1", "call-2"])
            #expect(try await requests.requestByRequestID("req-2").first()?.id.rawValue == "call-2")
            let group = ToolRequestsGroup(client: client)
            let failed = try await group.failedRequestsSince(Timestamp(seconds: 1_800_000_001)).page()
            #expect(failed.items.map(\.model.id.rawValue) == ["call-2", "call-1"], "a collection-group query, newest first")
            #expect(failed.items.map(\.reference.toolSessionId) == [session.id, session.id], "each result names its parent")
            // A collection-group query pages across parents: its cursor names a document of any
            // collection with the ID.
            let other = try await sessions.create(ToolSession(casefile: reference, userId: "bob", toolName: "t", startedAt: Timestamp(seconds: 1)))
            try await sessions.requests(of: other.id).create(ToolRequest(id: "call-9", requestId: "req-9", operation: "lookup", status: .failed,
                                                                        startedAt: Timestamp(seconds: 1_800_000_009)))
            var seen: [String] = []
            var cursor: QueryCursor?
            var parents: [ToolSession.ID] = []
            for _ in 0..<5 {
                let page = try await group.failedRequestsSince(Timestamp(seconds: 0)).page(limit: 1, after: cursor)
                seen += page.items.map(\.model.id.rawValue)
                parents += page.items.map(\.reference.toolSessionId)
                cursor = page.next
                if cursor == nil { break }
            }
            #expect(seen == ["call-9", "call-2", "call-1"])
            #expect(parents == [other.id, session.id, session.id])
        }
    }

    @Test("chat sessions and user contexts: queries by user and by casefile reference")
    func chatAndContexts() async throws {
        try await LocalServer.with { server in
            let client = try server.client()
            let chats = ChatSessionsRepository(client: client)
            let reference = CasefilesRepository(client: client).reference(to: "c1")
            for index in 0..<3 {
                try await chats.create(ChatSession(id: ChatSession.ID(rawValue: "chat-\(index)"), userId: "alice", casefile: index == 0 ? reference : nil,
                                                   lastMessageAt: Timestamp(seconds: 1_000 + Int64(index))))
            }
            #expect(try await chats.recentSessionsOfUser("alice").page(limit: 2).items.map(\.id.rawValue) == ["chat-2", "chat-1"])
            #expect(try await chats.sessionsOfCasefile(reference).page().items.map(\.id.rawValue) == ["chat-0"])

            let contexts = UserContextsRepository(client: client)
            let saved = try await contexts.save(UserContext(id: "alice", activeCasefile: reference))
            #expect(try await contexts.get("alice") == saved)
        }
    }

    @Test("typed partial updates change only the given fields, with server-side increments and array unions")
    func partialUpdates() async throws {
        try await LocalServer.with { server in
            let casefiles = CasefilesRepository(client: try server.client())
            let casefile = try await casefiles.create(Casefile(title: "T", description: "keep me", ownerId: "alice",
                                                               tags: ["a"], closedAt: Timestamp(seconds: 5)))
            try await PersistenceContext.$current.withValue(PersistenceContext(actor: "bob", requestID: "r-9")) {
                try await casefiles.update(casefile.id) { change in
                    change.set(\.status, to: .inReview)
                    change.append(\.tags, ["b", "a"])
                    change.remove(\.closedAt)
                    change.set(\.summary, to: nil)
                }
            }
            let stored = try #require(try await casefiles.get(casefile.id))
            #expect(stored.status == .inReview && stored.tags == ["a", "b"] && stored.closedAt == nil)
            #expect(stored.description == "keep me" && stored.title == "T", "fields not named are untouched")
            #expect(stored.updatedBy == "bob" && stored.createdBy == casefile.createdBy && stored.lastRequestId == "r-9")

            // Each value set is checked against its field's constraints before anything is sent.
            await #expect(throws: ValidationError.self) {
                try await casefiles.update(casefile.id) { change in
                    change.set(\.title, to: "")
                    change.set(\.tags, to: Array(repeating: "t", count: 51))
                }
            }
            #expect(try await casefiles.get(casefile.id)?.title == "T")

            let sessions = ChatSessionsRepository(client: try server.client())
            let session = try await sessions.create(ChatSession(userId: "alice"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 { group.addTask { try await sessions.update(session.id) { $0.increment(\.messageCount, by: 1) } } }
                try await group.waitForAll()
            }
            #expect(try await sessions.get(session.id)?.messageCount == 10, "increments happen on the server: none lost")
            await #expect(throws: RepositoryError.notFound(id: "nope")) { try await sessions.update("nope") { $0.increment(\.messageCount, by: 1) } }
            await #expect(throws: RepositoryError.self) { try await sessions.update(session.id) { $0.set(\.createdBy, to: "forged") } }
            // One field named twice is refused, as every Firestore client refuses it.
            await #expect(throws: WriteError("field 'message_count' is given twice")) {
                try await sessions.update(session.id) { change in
                    change.increment(\.messageCount, by: 1)
                    change.set(\.messageCount, to: 0)
                }
            }
            #expect(try await sessions.get(session.id)?.messageCount == 10)
        }
    }

    @Test("typed ad-hoc queries over declared fields, with cursors")
    func typedQueries() async throws {
        try await LocalServer.with { server in
            let casefiles = CasefilesRepository(client: try server.client())
            for index in 0..<5 {
                try await casefiles.create(Casefile(id: Casefile.ID(rawValue: "c\(index)"), title: "Case \(index)", ownerId: index < 4 ? "alice" : "bob",
                                                    priority: index % 2 == 0 ? .high : .low, tags: index == 1 ? [] : ["x"]))
            }
            let query = casefiles.query
                .where(\.ownerId, .equal, "alice")
                .where(\.tags, contains: "x")
                .where(\.priority, .greaterThanOrEqual, .normal)
                .order(by: \.title, descending: true)
                .limit(1)
            let first = try await casefiles.page(query)
            #expect(first.items.map(\.title) == ["Case 2"])
            let second = try await casefiles.page(query, after: first.next)
            #expect(second.items.map(\.title) == ["Case 0"])
            #expect(second.next == nil, "nothing follows the second page")
            // The cursor is the last document's name and its values at the complete ordering.
            let token = try #require(first.next?.token)
            #expect(QueryCursor(token: token) == first.next && QueryCursor(token: "not a cursor") == nil)
            #expect(try await casefiles.page(query, after: QueryCursor(token: token)).items.map(\.title) == ["Case 0"])
            // The builders' rules hold before anything is sent: null compares only with == and !=.
            await #expect(throws: WriteError.self) { try await casefiles.page(casefiles.query.where(\.closedAt, .lessThan, nil)) }
            let either = try await casefiles.page(casefiles.query.where(\.priority, in: [.low]).order(by: \.title))
            #expect(either.items.map(\.title) == ["Case 1", "Case 3"])
        }
    }

    @Test("transactions read and write across repositories, retry on contention and lose no update; batches are atomic")
    func transactionsAndBatches() async throws {
        try await LocalServer.with { server in
            let client = try server.client(retry: RetryPolicy(maximumAttempts: 100, initialBackoff: .milliseconds(2), maximumBackoff: .milliseconds(40)))
            let casefiles = CasefilesRepository(client: client)
            let chats = ChatSessionsRepository(client: client)
            let casefile = try await PersistenceContext.$current.withValue(Self.context) {
                try await casefiles.create(Casefile(title: "T", ownerId: "alice"))
            }
            try await PersistenceContext.$current.withValue(PersistenceContext(actor: "bob", requestID: "tx-1")) {
                try await client.transaction { tx in
                    guard var current = try await tx.get(casefile.id, in: casefiles) else { return }
                    current.status = .closed
                    current.createdBy = "forged"
                    try tx.save(current, in: casefiles)
                    try tx.create(CasefileNote(authorId: "bob", body: "closed"), in: casefiles.notes(of: casefile.id))
                }
            }
            let closed = try #require(try await casefiles.get(casefile.id))
            #expect(closed.status == .closed && closed.createdBy == "alice" && closed.updatedBy == "bob")
            #expect(try await casefiles.notes(of: casefile.id).count() == 1)

            // Read-modify-write through transactions from 8 tasks: every increment lands.
            let session = try await chats.create(ChatSession(userId: "alice"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        for _ in 0..<10 {
                            try await client.transaction(policy: RetryPolicy(maximumAttempts: 100, initialBackoff: .milliseconds(2), maximumBackoff: .milliseconds(40))) { tx in
                                guard var current = try await tx.get(session.id, in: chats) else { return }
                                current.messageCount += 1
                                try tx.save(current, in: chats)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await chats.get(session.id)?.messageCount == 80)

            var batch = WriteBatch()
            try batch.create(ChatSession(id: "b1", userId: "carol"), in: chats)
            try batch.update(session.id, in: chats) { $0.set(\.title, to: "renamed") }
            try batch.create(ChatSession(id: session.id, userId: "dup"), in: chats)  // taken: the whole batch fails
            await #expect(throws: FirestoreError.self) { try await batch.commit(with: client) }
            #expect(try await chats.get("b1") == nil, "nothing of a failed batch is applied")
            var good = WriteBatch()
            try good.create(ChatSession(id: "b1", userId: "carol"), in: chats)
            try good.delete(session.id, in: chats)
            try await good.commit(with: client)
            #expect(try await chats.get("b1")?.userId == "carol")
            #expect(try await chats.get(session.id) == nil)
        }
    }

    @Test("a generated repository pages through 1,000 documents exactly once, and concurrent updateIfUnchanged loses nothing")
    func pagingAndContention() async throws {
        try await LocalServer.with { server in
            let client = try server.client()
            let casefiles = CasefilesRepository(client: client)
            var batch = WriteBatch()
            for index in 0..<1_000 {
                try batch.create(Casefile(id: Casefile.ID(rawValue: String(format: "cf-%04d", index)), title: "Case \(index)", ownerId: "alice"), in: casefiles)
                if index % 250 == 249 {
                    try await batch.commit(with: client)
                    batch = WriteBatch()
                }
            }
            var listed: [Casefile.ID] = []
            var listCursor: QueryCursor?
            repeat {
                let page = try await casefiles.list(limit: 99, after: listCursor)
                listed += page.items.map(\.id)
                listCursor = page.next
            } while listCursor != nil
            #expect(listed == (0..<1_000).map { Casefile.ID(rawValue: String(format: "cf-%04d", $0)) })
            var streamed = 0
            for try await _ in casefiles.all(pageSize: 128) { streamed += 1 }
            #expect(streamed == 1_000)
            var paged: Set<Casefile.ID> = []
            var cursor: QueryCursor?
            repeat {
                let page = try await casefiles.openCasefilesOfOwner("alice").page(after: cursor)
                #expect(page.items.count <= 50, "the schema's limit")
                for model in page.items { #expect(paged.insert(model.id).inserted, "\(model.id) twice") }
                cursor = page.next
            } while cursor != nil
            #expect(paged.count == 1_000)

            try await withThrowingTaskGroup(of: Void.self) { group in
                // 6 × 8 = 48 tags: within the schema's max_items of 50 (validation runs on every write).
                for worker in 0..<6 {
                    group.addTask {
                        for round in 0..<8 {
                            try await casefiles.updateIfUnchanged("cf-0000", maximumAttempts: 200) { $0.tags.append("w\(worker)-\(round)") }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await casefiles.get("cf-0000")?.tags.count == 48)

            // A typed query inside a transaction.
            let counted = try await client.transaction { tx in
                try await tx.page(casefiles.query.where(\.ownerId, .equal, "alice").limit(5), in: casefiles).items.count
            }
            #expect(counted == 5)
        }
    }
}
