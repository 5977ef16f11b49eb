import CanonFirestoreServer
@_spi(Generated) import CanonRuntime
import CanonTestSupport
import Foundation
import Testing

/// The runtime's generic `FirestoreRepository` against the local server over libcurl: what the
/// generated repositories stand on.
@Suite("Firestore repository")
struct RepositoryTests {
    /// Shaped like a generated model: typed ID, storage keys, audit fields, validation.
    struct Ticket: FirestoreStorable, Hashable {
        typealias ID = DocumentID<Ticket>
        var id: ID
        var title: String
        var count: Int64 = 0
        var tags: [String] = []
        var closedAt: Timestamp?
        var createdAt: Timestamp?
        var updatedAt: Timestamp?
        var createdBy: String?
        var updatedBy: String?
        var requestID: String?

        enum CodingKeys: String, CodingKey {
            case id, title, count, tags, closedAt = "closed_at", createdAt = "created_at", updatedAt = "updated_at"
            case createdBy = "created_by", updatedBy = "updated_by", requestID = "last_request_id"
        }

        static let auditKeys = AuditKeys(createdAt: "created_at", updatedAt: "updated_at", createdBy: "created_by",
                                         updatedBy: "updated_by", requestID: "last_request_id")

        func validate() throws {
            if title.isEmpty {
                throw ValidationError(typeName: "Ticket", issues: [.init(path: "title", constraint: "min_length", message: "is empty")])
            }
        }
    }

    /// A model whose storage key contains a dot: one field named `site.area`, not a path.
    struct Site: FirestoreStorable, Hashable {
        typealias ID = DocumentID<Site>
        var id: ID
        var area: String

        enum CodingKeys: String, CodingKey {
            case id, area = "site.area"
        }

        static let fieldTable: FieldTable<Site>? = FieldTable { fields in
            fields.documentID(\.id, "id")
            fields.field(\.area, "site.area")
        }
        func validate() throws {}
    }

    /// Coded through a field table, as generated models are: `note` is nullable without a
    /// default (always stored; nil is null), `memo` optional (nil is no key).
    struct Chore: FirestoreStorable, TableCoded, Hashable {
        typealias ID = DocumentID<Chore>
        var id: ID
        var note: String?
        var memo: String?

        static let storedFields = FieldTable<Chore> { fields in
            fields.documentID(\.id, "id")
            fields.nullable(\.note, "note")
            fields.optional(\.memo, "memo")
        }
        init(id: ID, note: String?, memo: String?) {
            self.id = id
            self.note = note
            self.memo = memo
        }
        func validate() throws {}
    }

    @Test("a partial update setting a nullable field to nil stores null (it decodes, and == null finds it); an optional one loses its key")
    func nullableSetToNil() async throws {
        try await LocalServer.with { server in
            let chores = FirestoreRepository<Chore>(client: try server.client(), collectionPath: "chores", idStrategy: .client)
            try await chores.create(Chore(id: "c1", note: "water the plants", memo: "weekly"))
            try await chores.create(Chore(id: "c2", note: "feed the cat", memo: nil))
            try await chores.update("c1") { change in
                change.set(\.note, to: nil)
                change.set(\.memo, to: nil)
            }
            let raw = try await server.call("GET", "\(server.root)/chores/c1")
            #expect(raw.json["fields"]?["note"] == .object([("nullValue", .null)]), "\(raw.text)")
            #expect(raw.json["fields"]?["memo"] == nil, "\(raw.text)")
            #expect(try await chores.get("c1") == Chore(id: "c1", note: nil, memo: nil))
            let page = try await chores.page(chores.query.where(\.note, .equal, nil))
            #expect(page.items.map(\.id) == ["c1"])
        }
    }

    /// An embedded type, described by its own field table as generated ones are.
    struct Spot: TableCoded, Hashable, Sendable {
        var width: Double
        var label: String?

        static let storedFields = FieldTable<Spot> { fields in
            fields.field(\.width, "w")
            fields.nullable(\.label, "label")
        }
        init(width: Double, label: String?) {
            self.width = width
            self.label = label
        }
    }

    struct Board: FirestoreStorable, TableCoded, Hashable {
        typealias ID = DocumentID<Board>
        var id: ID
        var name: String
        var spot: Spot

        static let storedFields = FieldTable<Board> { fields in
            fields.documentID(\.id, "id")
            fields.field(\.name, "name")
            fields.field(\.spot, "spot")
        }
        init(id: ID, name: String, spot: Spot) {
            self.id = id
            self.name = name
            self.spot = spot
        }
        func validate() throws {}
    }

    @Test("key paths into embedded types name nested fields in partial updates and typed queries; \\.id names the document")
    func nestedAndDocumentIDKeyPaths() async throws {
        try await LocalServer.with { server in
            let boards = FirestoreRepository<Board>(client: try server.client(), collectionPath: "boards", idStrategy: .client)
            for (id, width) in [("b1", 1.0), ("b2", 2.0), ("b3", 3.0)] {
                try await boards.create(Board(id: Board.ID(rawValue: id), name: id.uppercased(), spot: Spot(width: width, label: "L")))
            }
            // Only the nested field named changes: the rest of the map stays.
            try await boards.update("b1") { $0.set(\.spot.width, to: 5) }
            #expect(try await boards.get("b1") == Board(id: "b1", name: "B1", spot: Spot(width: 5, label: "L")))
            try await boards.update("b1") { $0.set(\.spot.label, to: nil) }
            let raw = try await server.call("GET", "\(server.root)/boards/b1")
            #expect(raw.json["fields"]?["spot"]?["mapValue"]?["fields"]?["w"]?["doubleValue"] == .number("5"), "\(raw.text)")
            #expect(raw.json["fields"]?["spot"]?["mapValue"]?["fields"]?["label"] == .object([("nullValue", .null)]), "\(raw.text)")
            #expect(try await boards.get("b1") == Board(id: "b1", name: "B1", spot: Spot(width: 5, label: nil)))

            let wide = try await boards.page(boards.query.where(\.spot.width, .greaterThan, 1.5).order(by: \.spot.width, descending: true))
            #expect(wide.items.map(\.id) == ["b1", "b3", "b2"])
            let one = try await boards.page(boards.query.where(\.id, .equal, "b2"))
            #expect(one.items.map(\.id) == ["b2"])
            let some = try await boards.page(boards.query.where(\.id, in: ["b1", "b3"]).order(by: \.id, descending: true))
            #expect(some.items.map(\.id) == ["b3", "b1"])
            let after = try await boards.page(boards.query.where(\.id, .greaterThan, "b1").limit(1))
            #expect(after.items.map(\.id) == ["b2"])
            // Inequalities on the ID and a field order by the field first, then the ID, as Firestore does.
            let both = try await boards.page(boards.query.where(\.id, .greaterThan, "b0").where(\.spot.width, .greaterThan, 0))
            #expect(both.items.map(\.id) == ["b2", "b3", "b1"])
            await #expect(throws: RepositoryError.documentIDWrite) { try await boards.update("b1") { $0.set(\.id, to: "b9") } }
            #expect(try await boards.get("b9") == nil)
        }
    }

    @Test("a storage key containing a dot is one field in typed filters and orders, not a path")
    func dottedStorageKey() async throws {
        try await LocalServer.with { server in
            let sites = FirestoreRepository<Site>(client: try server.client(), collectionPath: "sites", idStrategy: .client)
            try await sites.create(Site(id: "s1", area: "north"))
            try await sites.create(Site(id: "s2", area: "south"))
            let raw = try await server.call("GET", "\(server.root)/sites/s2")
            #expect(raw.json["fields"]?.keys.sorted() == ["site.area"])
            let south = try await sites.page(sites.query.where(\.area, .equal, "south"))
            #expect(south.items.map(\.id) == ["s2"])
            let ordered = try await sites.page(sites.query.order(by: \.area, descending: true))
            #expect(ordered.items.map(\.id) == ["s2", "s1"])
        }
    }

    func repository(_ server: LocalServer, _ path: String = "tickets", ids: FirestoreRepository<Ticket>.IDStrategy = .automatic) throws -> FirestoreRepository<Ticket> {
        FirestoreRepository(client: try server.client(), collectionPath: path, idStrategy: ids)
    }

    @Test("create stores the schema's field names and kinds, fills audit fields from the server and the context, and ignores forged ones")
    func createAndAudit() async throws {
        try await LocalServer.with { server in
            let tickets = try repository(server)
            var forged = Ticket(id: "", title: "Printer", count: 3, tags: ["hw"])
            forged.createdBy = "mallory"
            forged.createdAt = Timestamp(seconds: 0)
            forged.requestID = "forged"
            let created = try await PersistenceContext.$current.withValue(PersistenceContext(actor: "alice", requestID: "req-1")) {
                try await tickets.create(forged)
            }
            #expect(created.id.rawValue.count == 20)
            #expect(created.createdBy == "alice" && created.updatedBy == "alice" && created.requestID == "req-1")
            let createdAt = try #require(created.createdAt)
            #expect(createdAt.seconds > 1_700_000_000, "the server's clock, not the forged value")

            // The raw stored document, read back over HTTP.
            let raw = try await server.call("GET", "\(server.root)/tickets/\(created.id.rawValue)")
            let fields = try #require(raw.json["fields"])
            #expect(fields.keys.sorted() == ["count", "created_at", "created_by", "last_request_id", "tags", "title", "updated_at", "updated_by"])
            #expect(fields["count"] == .object([("integerValue", .string("3"))]))
            #expect(fields["created_by"] == .object([("stringValue", .string("alice"))]))
            #expect(fields["created_at"]?["timestampValue"]?.string == createdAt.rfc3339)
            #expect(try await tickets.get(created.id) == created)
        }
    }

    @Test("create with a taken ID is alreadyExists; a client-ID collection refuses an empty ID; bad IDs and invalid models never reach the network")
    func createErrors() async throws {
        try await LocalServer.with { server in
            let tickets = try repository(server, ids: .client)
            try await tickets.create(Ticket(id: "t-1", title: "One"))
            await #expect(throws: RepositoryError.alreadyExists(id: "t-1")) { try await tickets.create(Ticket(id: "t-1", title: "Again")) }
            await #expect(throws: RepositoryError.missingID) { try await tickets.create(Ticket(id: "", title: "No ID")) }

            // A client whose server is gone: anything that reached the network would fail differently.
            var configuration = try FirestoreConfiguration.fromEnvironment(projectID: "demo", environment: ["FIRESTORE_EMULATOR_HOST": "127.0.0.1:1"])
            configuration.retryPolicy = RetryPolicy(maximumAttempts: 1)
            let offline = FirestoreRepository<Ticket>(client: FirestoreClient(configuration: configuration, transport: server.transport),
                                                      collectionPath: "tickets")
            for id in ["a/b", ".", "..", "__x__", String(repeating: "x", count: 1_501)] {
                await #expect(throws: RepositoryError.self) { try await offline.save(Ticket(id: Ticket.ID(rawValue: id), title: "x")) }
            }
            await #expect(throws: ValidationError.self) { try await offline.create(Ticket(id: "ok", title: "")) }
            #expect(uuidShaped(try await repository(server, ids: .uuid).create(Ticket(id: "", title: "U")).id.rawValue))
        }
    }

    func uuidShaped(_ text: String) -> Bool { UUID(uuidString: text) != nil && text == text.lowercased() }

    @Test("save creates, then updates while keeping who created it and when")
    func saveKeepsCreation() async throws {
        try await LocalServer.with { server in
            let tickets = try repository(server)
            let first = try await PersistenceContext.$current.withValue(PersistenceContext(actor: "alice", requestID: "r1")) {
                try await tickets.save(Ticket(id: "t", title: "One", closedAt: Timestamp(seconds: 5)))
            }
            var changed = first
            changed.title = "Two"
            changed.closedAt = nil
            let second = try await PersistenceContext.$current.withValue(PersistenceContext(actor: "bob", requestID: "r2")) {
                try await tickets.save(changed)
            }
            #expect(second.createdBy == "alice" && second.createdAt == first.createdAt)
            #expect(second.updatedBy == "bob" && second.requestID == "r2")
            #expect(second.updatedAt! > first.updatedAt!)
            let stored = try #require(try await tickets.get("t"))
            #expect(stored.title == "Two" && stored.closedAt == nil, "a field now absent is removed")
        }
    }

    @Test("batch get keeps the order asked and reports missing documents; delete honours updateTime")
    func batchAndDelete() async throws {
        try await LocalServer.with { server in
            let tickets = try repository(server)
            for id in ["a", "b", "c"] { try await tickets.create(Ticket(id: Ticket.ID(rawValue: id), title: id)) }
            let found = try await tickets.get(["c", "missing", "a"])
            #expect(found.map { $0?.title } == ["c", nil, "a"])

            let versioned = try #require(try await tickets.getVersioned("b"))
            _ = try await tickets.updateIfUnchanged("b") { $0.count += 1 }
            await #expect(throws: RepositoryError.changedSinceRead(id: "b")) { try await tickets.delete("b", ifUpdateTime: versioned.updateTime) }
            await #expect(throws: RepositoryError.changedSinceRead(id: "b")) { try await tickets.update(versioned) }
            try await tickets.delete("b")
            #expect(try await tickets.get("b") == nil)
            #expect(try await tickets.count() == 2)
        }
    }

    @Test("concurrent updateIfUnchanged loses no update")
    func optimisticUpdates() async throws {
        try await LocalServer.with { server in
            let tickets = try repository(server)
            try await tickets.create(Ticket(id: "hot", title: "Counter"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        for _ in 0..<25 { try await tickets.updateIfUnchanged("hot", maximumAttempts: 200) { $0.count += 1 } }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await tickets.get("hot")?.count == 200)
        }
    }

    @Test("paging through 1,000 documents returns each exactly once, by list and by the streamed sequence")
    func paging() async throws {
        try await LocalServer.with { server in
            let tickets = try repository(server, "projects_x/p1/tickets")
            try await server.seed((0..<1_000).map { (String(format: "projects_x/p1/tickets/t%04d", $0), #"{"title":{"stringValue":"T\#($0)"},"count":{"integerValue":"\#($0)"},"tags":{"arrayValue":{}}}"#) })
            try await server.seed([("tickets/elsewhere", #"{"title":{"stringValue":"not in the subcollection"}}"#)])
            var listed: [String] = []
            var cursor: QueryCursor?
            repeat {
                let page = try await tickets.list(limit: 77, after: cursor)
                listed += page.items.map(\.id.rawValue)
                cursor = page.next
            } while cursor != nil
            #expect(listed == (0..<1_000).map { String(format: "t%04d", $0) })

            var streamed: [String] = []
            for try await ticket in tickets.all(pageSize: 64) { streamed.append(ticket.id.rawValue) }
            #expect(streamed == listed)
            #expect(try await tickets.count() == 1_000)
        }
    }
}

/// Test models coded through their field tables, as generated ones are.
protocol TableCoded: FieldTableModel, Codable {}

extension TableCoded {
    init(from decoder: any Decoder) throws { self = try Self.storedFields.decode(from: decoder) }
    func encode(to encoder: any Encoder) throws { try Self.storedFields.encode(self, to: encoder) }
}
