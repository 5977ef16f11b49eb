import CanonFirestoreServer
@_spi(Generated) import CanonRuntime
import CanonSchema
import CanonTestSupport
import CanonicalModels
import Foundation
import Testing

/// Each model of `Schemas/`, written by its generated repository into the local server and read
/// back raw through `FirestoreClient`, compared with the schema as `CanonSchema` loads it: every
/// storage key, its Firestore value type, and absent against null. And the request ID of the
/// `PersistenceContext` on every write path.
@Suite("Stored documents match the schemas")
struct AlignmentTests {
    /// The canonical schemas, loaded and validated; when they do not load, a failure holding the
    /// loader's diagnostics, which each test using them reports.
    static let loaded: Result<CanonSchema.SchemaSet, SchemaLoadFailure> = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Schemas").standardizedFileURL.path
        do {
            let result = try SchemaLoader().load(paths: [folder])
            guard let schema = result.schema else { return .failure(SchemaLoadFailure(message: "\(result.diagnostics)")) }
            return .success(schema)
        } catch {
            return .failure(SchemaLoadFailure(message: "\(error)"))
        }
    }()

    struct SchemaLoadFailure: Error { var message: String }

    static var schema: CanonSchema.SchemaSet { get throws { try loaded.get() } }

    static func model(_ name: String) throws -> ModelDecl {
        guard case .model(let model, _)? = try schema.lookup(name) else { throw CocoaError(.coderValueNotFound) }
        return model
    }

    /// What the schema says of `value`, stored under a field of `type`: nil when it matches,
    /// else what is wrong.
    static func mismatch(_ value: FirestoreValue, _ type: FieldType, at path: String) -> String? {
        switch (type, value) {
        case (.builtin(let builtin), _):
            let matches = switch (builtin, value) {
            case (.string, .string), (.uuid, .string), (.url, .string), (.id, .string), (.int, .integer), (.double, .double),
                 (.bool, .boolean), (.timestamp, .timestamp), (.bytes, .bytes), (.geopoint, .geoPoint): true
            default: false
            }
            return matches ? nil : "\(path): \(builtin.rawValue) stored as \(value)"
        case (.reference(let collection), .reference(let name)):
            // The collection's ID from its declaration: a collection's name and ID may differ.
            let id = (try? schema)?.collection(named: collection)?.path?.value.collectionID
            let segments = name.split(separator: "/")
            return segments.count >= 2 && id.map({ segments[segments.count - 2] == Substring($0) }) == true
                ? nil : "\(path): a reference to \(collection) is \(name)"
        case (.array(let element), .array(let values)):
            return values.enumerated().lazy.compactMap { mismatch($0.element, element, at: "\(path)[\($0.offset)]") }.first
        case (.map(let element), .map(let entries)):
            return entries.lazy.compactMap { mismatch($0.value, element, at: "\(path).\($0.key)") }.first
        case (.named(let name), _):
            switch try? schema.lookup(name) {
            case .enumType(let decl, _)?:
                // One of the enum's raw values, of its raw type. (An open enum may also hold values
                // it does not list; these tests write only listed ones.)
                let known = decl.cases.contains { enumCase in
                    switch (enumCase.rawValue.value, value) {
                    case (.string(let raw), .string(let stored)): raw == stored
                    case (.int(let raw), .integer(let stored)): raw == stored
                    default: false
                    }
                }
                return known ? nil : "\(path): \(value) is not a value of enum \(name)"
            case .embedded(let decl, _)?, .model(let decl, _)?:
                guard case .map(let fields) = value else { return "\(path): \(name) stored as \(value)" }
                return mismatches(fields, decl, at: path + ".").first
            case nil:
                return "\(path): unknown type \(name)"
            }
        default:
            return "\(path): \(type) stored as \(value)"
        }
    }

    /// Every way `fields` differ from `model`'s schema: keys it should not have, keys it lacks,
    /// values of the wrong type, null where the field is not nullable.
    static func mismatches(_ fields: [String: FirestoreValue], _ model: ModelDecl, at prefix: String = "") -> [String] {
        var problems: [String] = []
        let stored = model.fields.filter { !$0.isID }
        let keys = Set(stored.map(\.storageKey.value))
        for key in fields.keys.sorted() where !keys.contains(key) { problems.append("\(prefix)\(key): not in the schema") }
        for field in stored {
            let path = prefix + field.storageKey.value
            guard let value = fields[field.storageKey.value] else {
                if !field.isOptional { problems.append("\(path): absent, but the field is not optional") }
                continue
            }
            if value == .null {
                if !field.isNullable { problems.append("\(path): null, but the field is not nullable") }
                continue
            }
            if let problem = mismatch(value, field.type.value, at: path) { problems.append(problem) }
        }
        return problems
    }

    /// `model`'s document as stored, read raw.
    static func raw(_ client: FirestoreClient, _ path: String) async throws -> [String: FirestoreValue] {
        try #require(try await client.get(name: client.documentName(path))).fields
    }

    @Test("every stored model, with every field set and with every optional field left out, is stored as its schema says")
    func everyModel() async throws {
        try await LocalServer.with { server in
            let client = try server.client()
            let context = PersistenceContext(actor: "alice", requestID: "req-align")
            let at = Timestamp(rfc3339: "2026-12-01T09:00:00Z")!
            let casefileRef = CasefilesRepository(client: client).reference(to: "full")
            try await PersistenceContext.$current.withValue(context) {
                var written: [(model: String, path: String, optionalSet: Bool)] = []
                let casefiles = CasefilesRepository(client: client)
                _ = try await casefiles.create(Casefile(id: "full", title: "T", description: "D", ownerId: "alice", status: .inReview, priority: .urgent,
                                                         tags: ["a"], metadata: ["k": "v"], dueAt: at, closedAt: at, summary: "S", legacyCategory: "L"))
                _ = try await casefiles.create(Casefile(id: "sparse", title: "T", ownerId: "alice"))
                written += [("Casefile", "casefiles/full", true), ("Casefile", "casefiles/sparse", false)]

                let notes = casefiles.notes(of: "full")
                let note = try await notes.create(CasefileNote(authorId: "alice", body: "B", pinned: true))
                written.append(("CasefileNote", "casefiles/full/notes/\(note.id.rawValue)", true))

                let sessions = ToolSessionsRepository(client: client)
                let full = try await sessions.create(ToolSession(casefile: casefileRef, userId: "alice", toolName: "printer.status",
                                                                 status: .idle, requestIds: ["r1"], startedAt: at, endedAt: at))
                let sparse = try await sessions.create(ToolSession(casefile: casefileRef, userId: "alice", toolName: "printer.status", startedAt: at))
                written += [("ToolSession", "tool_sessions/\(full.id.rawValue)", true), ("ToolSession", "tool_sessions/\(sparse.id.rawValue)", false)]

                let requests = sessions.requests(of: full.id)
                _ = try await requests.create(ToolRequest(id: "r-full", requestId: "r1", operation: "status", parameters: ["p": "1"], status: .failed,
                                                          result: "x", error: ErrorInfo(code: "E", message: "M", retryable: true, details: ["d": "1"]),
                                                          attempt: 2, durationMs: 1.5, startedAt: at, endedAt: at))
                _ = try await requests.create(ToolRequest(id: "r-sparse", requestId: "r2", operation: "status", startedAt: at))
                written += [("ToolRequest", "tool_sessions/\(full.id.rawValue)/requests/r-full", true),
                            ("ToolRequest", "tool_sessions/\(full.id.rawValue)/requests/r-sparse", false)]

                let chats = ChatSessionsRepository(client: client)
                let chat = try await chats.create(ChatSession(userId: "alice", casefile: casefileRef, title: "T", messageCount: 3,
                                                              requestIds: ["r1"], lastMessageAt: at))
                let bare = try await chats.create(ChatSession(userId: "alice"))
                written += [("ChatSession", "chat_sessions/\(chat.id.rawValue)", true), ("ChatSession", "chat_sessions/\(bare.id.rawValue)", false)]

                let users = UserContextsRepository(client: client)
                _ = try await users.create(UserContext(id: "u-full", activeCasefile: casefileRef, preferences: Preferences(theme: .dark, locale: "de"),
                                                       recentSessions: [RecentSession(sessionId: "s", kind: "chat", openedAt: at)]))
                _ = try await users.create(UserContext(id: "u-sparse"))
                written += [("UserContext", "user_contexts/u-full", true), ("UserContext", "user_contexts/u-sparse", false)]

                // Every stored model of the schemas is covered.
                let stored = Set(try Self.schema.collections.map(\.model.value))
                #expect(Set(written.map(\.model)) == stored)

                for document in written {
                    let model = try Self.model(document.model)
                    let fields = try await Self.raw(client, document.path)
                    #expect(Self.mismatches(fields, model) == [], "\(document.path)")
                    for field in model.fields where !field.isID {
                        let present = fields[field.storageKey.value]
                        if document.optionalSet {
                            #expect(present != nil && present != .null, "\(document.path): \(field.storageKey.value) set but not stored")
                        } else if field.isOptional, field.audit == nil {
                            #expect(present == nil, "\(document.path): \(field.storageKey.value) left out but stored")
                        }
                    }
                    // The audit fields carry the context.
                    for field in model.fields {
                        switch field.audit?.value {
                        case .requestID?: #expect(fields[field.storageKey.value] == .string("req-align"), "\(document.path)")
                        case .createdBy?, .updatedBy?: #expect(fields[field.storageKey.value] == .string("alice"), "\(document.path)")
                        case .createdAt?, .updatedAt?:
                            if case .timestamp? = fields[field.storageKey.value] {} else { Issue.record("\(document.path): \(field.storageKey.value) is no timestamp") }
                        case nil: break
                        }
                    }
                }
                // Null where the schema says nullable: ChatSession.casefile and ToolRequest.result left nil.
                #expect(try await Self.raw(client, "chat_sessions/\(bare.id.rawValue)")["casefile"] == .null)
                #expect(try await Self.raw(client, "tool_sessions/\(full.id.rawValue)/requests/r-sparse")["result"] == .null)
            }
        }
    }

    @Test("every write path records the request ID and the actor of its PersistenceContext: create, save, update, partial update, transaction, batch")
    func requestIDs() async throws {
        try await LocalServer.with { server in
            let client = try server.client()
            let casefiles = CasefilesRepository(client: client)
            func written(by requestID: String, _ write: () async throws -> Void) async throws -> (request: FirestoreValue?, by: FirestoreValue?, creator: FirestoreValue?) {
                try await PersistenceContext.$current.withValue(PersistenceContext(actor: "actor-\(requestID)", requestID: requestID)) { try await write() }
                let fields = try await Self.raw(client, "casefiles/c1")
                return (fields["last_request_id"], fields["updated_by"], fields["created_by"])
            }
            var result = try await written(by: "r-create") { _ = try await casefiles.create(Casefile(id: "c1", title: "T", ownerId: "alice")) }
            #expect(result.request == .string("r-create") && result.by == .string("actor-r-create") && result.creator == .string("actor-r-create"))

            result = try await written(by: "r-save") { _ = try await casefiles.save(Casefile(id: "c1", title: "Saved", ownerId: "alice")) }
            #expect(result.request == .string("r-save") && result.by == .string("actor-r-save") && result.creator == .string("actor-r-create"))

            result = try await written(by: "r-update") { _ = try await casefiles.updateIfUnchanged("c1") { $0.title = "Updated" } }
            #expect(result.request == .string("r-update") && result.by == .string("actor-r-update") && result.creator == .string("actor-r-create"))

            result = try await written(by: "r-partial") { try await casefiles.update("c1") { $0.set(\.summary, to: "S") } }
            #expect(result.request == .string("r-partial") && result.by == .string("actor-r-partial") && result.creator == .string("actor-r-create"))

            result = try await written(by: "r-transaction") {
                try await client.transaction { tx in
                    guard var current = try await tx.get("c1", in: casefiles) else { return }
                    current.title = "In a transaction"
                    try tx.save(current, in: casefiles)
                }
            }
            #expect(result.request == .string("r-transaction") && result.by == .string("actor-r-transaction") && result.creator == .string("actor-r-create"))

            result = try await written(by: "r-batch") {
                var batch = WriteBatch()
                try batch.update("c1", in: casefiles) { $0.set(\.title, to: "In a batch") }
                try await batch.commit(with: client)
            }
            #expect(result.request == .string("r-batch") && result.by == .string("actor-r-batch") && result.creator == .string("actor-r-create"))
        }
    }

    @Test("the comparison finds what a wrong document gets wrong: a retyped field, a missing one, a stray key, an unknown enum value, a null where none is allowed")
    func comparisonFindsMistakes() throws {
        let model = try Self.model("ToolSession")
        let problems = Self.mismatches([
            "casefile": .reference("projects/demo/databases/(default)/documents/chat_sessions/x"), "user_id": .integer(7),
            "status": .string("paused"), "request_ids": .array([.string("r"), .integer(1)]), "started_at": .null,
            "stray": .boolean(true), "created_at": .timestamp(.now()), "updated_at": .timestamp(.now()), "created_by": .string("a"),
            "updated_by": .string("a"), "last_request_id": .string("r"),
        ], model)
        #expect(problems == [
            "stray: not in the schema",
            "casefile: a reference to casefiles is projects/demo/databases/(default)/documents/chat_sessions/x",
            "user_id: string stored as \(FirestoreValue.integer(7))",
            "tool_name: absent, but the field is not optional",
            "status: \(FirestoreValue.string("paused")) is not a value of enum ToolSessionStatus",
            "request_ids[1]: string stored as \(FirestoreValue.integer(1))",
            "started_at: null, but the field is not nullable",
        ])
    }
}
