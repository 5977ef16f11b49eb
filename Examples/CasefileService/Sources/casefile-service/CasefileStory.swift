import CanonRuntime
import CanonicalModels
import Foundation
import ServiceModels

/// What the service does, through the repositories the container hands out: it opens a casefile
/// with notes, opens a tool session and a chat session on it, records tool requests (each under
/// its own request ID), runs the named queries, and reads the cached user context twice.
struct CasefileStory {
    let persistence: CanonPersistence

    /// Runs `body` as a request of `actor` with a fresh request ID, which every write in it records.
    func request<Result>(_ actor: String, _ body: (String) async throws -> Result) async throws -> Result {
        let requestID = "req-\(UUID().uuidString.prefix(8).lowercased())"
        return try await PersistenceContext.$current.withValue(PersistenceContext(actor: actor, requestID: requestID)) {
            try await body(requestID)
        }
    }

    func tell() async throws {
        // Models are plain Codable values with their schema's validation.
        var casefile = Casefile(id: "cf-1", title: "Printer on fire", ownerId: "alice", tags: ["hardware"])
        casefile.dueAt = Timestamp(rfc3339: "2026-12-01T09:00:00Z")
        try casefile.validate()
        let json = try JSONEncoder().encode(casefile)
        print("round trip equal: \(try JSONDecoder().decode(Casefile.self, from: json) == casefile)")
        var invalid = casefile
        invalid.title = ""
        do {
            try invalid.validate()
        } catch {
            print("validation reports every problem: \(error)")
        }

        // A casefile with notes.
        let casefiles = persistence.casefiles
        let stored = try await request("alice") { _ in
            let stored = try await casefiles.create(casefile)
            try await casefiles.notes(of: casefile.id).create(CasefileNote(authorId: "alice", body: "Smoke from tray 2.", pinned: true))
            try await casefiles.notes(of: casefile.id).create(CasefileNote(authorId: "alice", body: "Called facilities."))
            // The service's own model, generated with CanonicalModels' types: a typed reference to
            // a casefile and its CasefileStatus.
            try await persistence.auditEvents.create(AuditEvent(action: .opened, casefile: casefiles.reference(to: casefile.id),
                                                                statusAfter: stored.status, actor: "alice"))
            return stored
        }
        print("stored in Firestore and read back equal: \(try await casefiles.get(casefile.id) == stored) (created by \(stored.createdBy ?? "?"), request \(stored.lastRequestId ?? "?"))")

        // A tool session and a chat session on it.
        let reference = casefiles.reference(to: casefile.id)
        let session = try await request("alice") { _ in
            // No ID (the collection names it) and no start time: `started_at` is `server_time`.
            try await persistence.toolSessions.create(ToolSession(casefile: reference, userId: "alice", toolName: "printer.diagnostics"))
        }
        let chat = try await request("alice") { _ in
            try await persistence.chatSessions.create(ChatSession(userId: "alice", casefile: reference, title: "Printer fire"))
        }
        print("opened tool session \(session.id.rawValue) and chat session \(chat.id.rawValue)")
        print("tool session started at the server's time: \(session.startedAt != nil && session.startedAt == session.createdAt)")

        // Tool requests, each under its own request ID: the request document is named by it and
        // records it, and the session lists it and was last written by it.
        let requests = persistence.toolSessions.requests(of: session.id)
        var requestIDs: [String] = []
        for operation in ["printer.status", "printer.reset", "printer.status"] {
            let requestID = try await request("alice") { requestID in
                try await requests.create(ToolRequest(id: ToolRequest.ID(requestID), requestId: requestID, operation: operation,
                                                      status: .succeeded, result: "ok"))
                _ = try await persistence.toolSessions.updateIfUnchanged(session.id) { $0.requestIds.append(requestID) }
                _ = try await persistence.chatSessions.updateIfUnchanged(chat.id) {
                    $0.requestIds.append(requestID)
                    $0.messageCount += 1
                }
                return requestID
            }
            requestIDs.append(requestID)
        }
        let savedSession = try await persistence.toolSessions.get(session.id)
        print("request IDs: \(requestIDs.joined(separator: ", "))")
        print("tool session lists them: \(savedSession?.requestIds == requestIDs); last written by \(savedSession?.lastRequestId ?? "?") (the last: \(savedSession?.lastRequestId == requestIDs.last))")
        var everyRequestOwnID = true
        for requestID in requestIDs {
            let saved = try await requests.get(ToolRequest.ID(requestID))
            everyRequestOwnID = everyRequestOwnID && saved?.requestId == requestID && saved?.lastRequestId == requestID
        }
        print("each tool request persisted under its own request ID: \(everyRequestOwnID)")
        print("chat session lists them: \(try await persistence.chatSessions.get(chat.id)?.requestIds == requestIDs)")

        // The named queries, each run the way it is used: a page, the first match, a count, a
        // sum, every match as a sequence.
        print("open casefiles of alice: \(try await casefiles.openCasefilesOfOwner("alice").page(limit: 10).items.map(\.title))")
        print("pinned notes: \(try await casefiles.notes(of: casefile.id).pinnedNotes().page().items.map(\.body))")
        print("tool sessions of the casefile: \(try await persistence.toolSessions.sessionsOfCasefile(reference).count())")
        print("chat sessions of the casefile: \(try await persistence.chatSessions.sessionsOfCasefile(reference).count())")
        print("request \(requestIDs[1]) found by its ID: \(try await requests.requestByRequestID(requestIDs[1]).first()?.operation ?? "none")")
        print("attempts over the session's succeeded requests: \(try await requests.requestsByStatus(.succeeded).sum(\.attempt))")
        var operations: [String] = []
        for try await request in requests.requestsByStatus(.succeeded).all(pageSize: 2) { operations.append(request.operation) }
        print("succeeded requests, read two at a time: \(operations.joined(separator: ", "))")
        print("audit events: \(try await persistence.auditEvents.count())")
        let events = try await persistence.auditEvents.eventsOfCasefile(reference).page().items
        print("audit events of the casefile, by reference: \(events.map { "\($0.action.rawValue) → \($0.statusAfter.rawValue)" })")

        // A cached collection: the first read misses and fills the cache, the second is a hit, and
        // a write invalidates the entry, so the next read sees it.
        let users = persistence.userContexts
        try await request("alice") { _ in _ = try await users.save(UserContext(id: "alice", activeCasefile: reference)) }
        _ = try await users.get("alice")
        let cached = try await users.get("alice")
        if let counts = users.base.cache?.statistics.counts {
            print("user context read twice: \(counts.misses) miss, \(counts.hits) hit (cache hit: \(counts.hits == 1 && cached?.activeCasefile?.documentID == casefile.id))")
        } else {
            print("user context read twice, from Firestore: the cache is off (CACHE_ENABLED=false)")
        }
        try await request("alice") { _ in _ = try await users.updateIfUnchanged("alice") { $0.preferences.theme = .dark } }
        print("read after a write sees it: \(try await users.get("alice")?.preferences.theme == .dark)")

        // With Redis, the generated keyspace: a fixed-window rate limiter in Redis alone.
        if let windows = persistence.rateLimitWindows {
            let start = Int(Date().timeIntervalSince1970) / 60 * 60
            var count = 0
            for _ in 0..<3 {
                count = try await windows.increment(\.count, in: RateLimitWindow(subject: "alice", windowStart: start, limit: 100))
            }
            let left = try await windows.remainingTTL(.init(subject: "alice", windowStart: start))
            print("rate limit: \(count) requests counted in this window, which expires in \(left.map { "\($0.components.seconds) s" } ?? "?")")
        }
    }
}
