import CanonFirestoreServer
@_spi(Generated) import CanonRuntime
import CanonTestSupport
import CanonicalModels
import Foundation
import Testing

/// Every form a named query of `Schemas/` offers, on the local server: pages under the schema's
/// limit, the first match, count, sum and average, the lazily paged sequence, and collection-group
/// results that name their documents.
@Suite("Named query forms")
struct QueryFormTests {
    /// `count` tool requests below one session, `attempt` 1, 2, 3, … and every third without a
    /// duration (`duration_ms` is optional).
    static func requests(_ count: Int, in requests: ToolRequestsRepository, status: RequestStatus = .succeeded) async throws {
        var batch = WriteBatch()
        for index in 0..<count {
            try batch.create(ToolRequest(id: ToolRequest.ID(rawValue: String(format: "r%04d", index)), requestId: "req-\(index)", operation: "op",
                                         status: status, attempt: index % 100 + 1, durationMs: index % 3 == 0 ? nil : Double(index) / 2,
                                         startedAt: Timestamp(seconds: 1_000 + Int64(index))), in: requests)
            if index % 200 == 199 || index == count - 1 {
                try await batch.commit(with: requests.base.client)
                batch = WriteBatch()
            }
        }
    }

    @Test("a query without a declared limit pages 100 at a time by default, up to 1000 when asked, never everything at once")
    func undeclaredLimit() async throws {
        try await LocalServer.with { server in
            let requests = ToolSessionsRepository(client: try server.client()).requests(of: "s1")
            try await Self.requests(1_205, in: requests)
            let query = requests.requestsByStatus(.succeeded)
            #expect(query.declaredLimit == nil)
            let first = try await query.page()
            #expect(first.items.count == QueryLimits.defaultPageSize && first.next != nil)
            let wide = try await query.page(limit: 5_000)
            #expect(wide.items.count == QueryLimits.maximumPageSize, "a limit above the maximum is lowered to it")
            let rest = try await query.page(limit: 5_000, after: wide.next)
            #expect(rest.items.count == 205 && rest.next == nil, "the last page knows it is the last")
            #expect(rest.items.first?.id.rawValue == "r1000", "pages follow each other without a gap or a repeat")
            await #expect(throws: RepositoryError.invalidLimit(0)) { try await query.page(limit: 0) }
        }
    }

    @Test("a declared limit is the most a page holds: the caller may lower it, never raise it")
    func declaredLimit() async throws {
        try await LocalServer.with { server in
            let casefiles = CasefilesRepository(client: try server.client())
            var batch = WriteBatch()
            for index in 0..<130 {
                try batch.create(Casefile(id: Casefile.ID(rawValue: String(format: "c%03d", index)), title: "Case \(index)", ownerId: "alice",
                                          tags: ["hardware"]), in: casefiles)
            }
            try await batch.commit(with: casefiles.base.client)
            let tagged = casefiles.casefilesWithTag("hardware")
            #expect(tagged.declaredLimit == 100)
            #expect(try await tagged.page().items.count == 100, "by default, the declared limit")
            #expect(try await tagged.page(limit: 500).items.count == 100, "never above it")
            let small = try await tagged.page(limit: 7)
            #expect(small.items.count == 7 && small.next != nil)
            var seen: Set<Casefile.ID> = []
            var cursor: QueryCursor?
            repeat {
                let page = try await tagged.page(limit: 40, after: cursor)
                for casefile in page.items { #expect(seen.insert(casefile.id).inserted) }
                cursor = page.next
            } while cursor != nil
            #expect(seen.count == 130)
        }
    }

    @Test("first, count, sum and average cover every match; the sequence reads every match a page at a time")
    func formsAgree() async throws {
        try await LocalServer.with { server in
            let sessions = ToolSessionsRepository(client: try server.client())
            let requests = sessions.requests(of: "s1")
            try await Self.requests(250, in: requests)
            try await Self.requests(3, in: sessions.requests(of: "s2"), status: .failed)
            let query = requests.requestsByStatus(.succeeded)
            #expect(try await query.first()?.id.rawValue == "r0000", "the first in the query's order")
            #expect(try await requests.requestsByStatus(.failed).first() == nil)
            #expect(try await query.count() == 250)
            #expect(try await requests.requestsByStatus(.failed).count() == 0, "another session's requests are not this one's")

            // The same figures, summed here from every model the sequence yields.
            var models: [ToolRequest] = []
            for try await request in query.all(pageSize: 64) { models.append(request) }
            #expect(models.count == 250 && Set(models.map(\.id)).count == 250)
            #expect(models.compactMap(\.startedAt) == models.compactMap(\.startedAt).sorted() && models.allSatisfy { $0.startedAt != nil }, "in the query's order")
            let attempts = models.map(\.attempt).reduce(0, +)
            #expect(try await query.sum(\.attempt) == attempts)
            let durations = models.compactMap(\.durationMs)
            #expect(try await query.sum(\.durationMs) == durations.reduce(0, +), "an optional field: matches without it count for nothing")
            let average = try #require(try await query.average(\.durationMs))
            #expect(abs(average - durations.reduce(0, +) / Double(durations.count)) < 1e-9)
            #expect(try await requests.requestsByStatus(.failed).average(\.attempt) == nil, "no match: no average")
            #expect(try await requests.requestsByStatus(.failed).sum(\.attempt) == 0)
        }
    }

    @Test("the sequence stops reading when its reader stops")
    func sequenceIsLazy() async throws {
        try await LocalServer.with { server in
            let requests = ToolSessionsRepository(client: try server.client()).requests(of: "s1")
            try await Self.requests(30, in: requests)
            let recorder = TelemetryRecorder()
            let client = FirestoreClient(configuration: try server.client().configuration, transport: server.transport, telemetry: recorder.telemetry)
            let counted = ToolSessionsRepository(client: client).requests(of: "s1")
            var read = 0
            for try await _ in counted.requestsByStatus(.succeeded).all(pageSize: 10) {
                read += 1
                if read == 15 { break }
            }
            let queries = recorder.tracer.finishedSpans.filter { $0.operationName.hasPrefix("RunQuery") }
            #expect(queries.count == 2, "15 models of pages of 10: two pages read, not three")
        }
    }

    @Test("a collection-group query is reached without a parent; each result names its document and its parents")
    func groupResults() async throws {
        try await LocalServer.with { server in
            let client = try server.client()
            let sessions = ToolSessionsRepository(client: client)
            for session in ["s1", "s2", "s3"] {
                try await sessions.requests(of: ToolSession.ID(rawValue: session)).create(
                    ToolRequest(id: ToolRequest.ID(rawValue: "r-\(session)"), requestId: "req-\(session)", operation: "op", status: .failed,
                                startedAt: Timestamp(seconds: session == "s2" ? 3_000 : 2_000 + Int64(session.last!.wholeNumberValue!))))
            }
            // A `requests` collection outside the schema's layout: its documents are not ToolRequests.
            try await server.seed([("elsewhere/x/requests/stray", #"{"status":{"stringValue":"failed"},"started_at":{"timestampValue":"1970-01-01T00:00:01Z"}}"#)])

            let failed = CanonPersistenceFree.group(client).failedRequestsSince(Timestamp(seconds: 2_000))
            let page = try await failed.page()
            #expect(page.items.map(\.model.id.rawValue) == ["r-s2", "r-s3", "r-s1"])
            #expect(page.items.map(\.reference.toolSessionId.rawValue) == ["s2", "s3", "s1"], "each result's parent, typed")
            #expect(page.items.map(\.reference.path) == ["tool_sessions/s2/requests/r-s2", "tool_sessions/s3/requests/r-s3", "tool_sessions/s1/requests/r-s1"])
            #expect(try await failed.count() == 3)
            let first = try #require(try await failed.first())
            #expect(try await sessions.requests(of: first.reference.toolSessionId).get(first.model.id) == first.model)
            // The stray document matches too; its result cannot be one of the schema's, so the page fails with a typed error.
            await #expect(throws: RepositoryError.self) { try await CanonPersistenceFree.group(client).failedRequestsSince(Timestamp(seconds: 0)).page() }
        }
    }
}

/// The group as a service without the container builds it.
enum CanonPersistenceFree {
    static func group(_ client: FirestoreClient) -> ToolRequestsGroup { ToolRequestsGroup(client: client) }
}
