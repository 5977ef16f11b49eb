import CanonRuntime
import CanonTesting
import CanonicalModels
import Foundation
import Testing

/// `withTestPersistence`, the one line a service's unit tests start with: a container over the
/// process's shared local server, a database of its own per call, the in-memory cache.
@Suite("Test persistence")
struct TestPersistenceTests {
    @Test("one line gives a working container over the local server, with the in-memory cache")
    func oneLine() async throws {
        try await withTestPersistence(schemas: [CanonSchemaSet.self]) { persistence in
            #expect(persistence.cache?.cache is InMemoryCache)
            let casefile = try await persistence.casefiles.create(Casefile(title: "T", ownerId: "alice"))
            #expect(try await persistence.casefiles.get(casefile.id) == casefile)
            _ = try await persistence.userContexts.save(UserContext(id: "alice"))
            _ = try await persistence.userContexts.get("alice")
            _ = try await persistence.userContexts.get("alice")
            #expect(persistence.userContexts.base.cache?.statistics.counts.hits == 1, "the second read is a cache hit")
        }
    }

    @Test("each call has a database of its own, also when calls run at once")
    func isolated() async throws {
        let host = try await withTestPersistence(schemas: [CanonSchemaSet.self]) { persistence in
            try await persistence.casefiles.create(Casefile(id: "shared-id", title: "first", ownerId: "alice"))
            return persistence.configuration.firestore.emulatorHost
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    try await withTestPersistence(schemas: [CanonSchemaSet.self]) { persistence in
                        #expect(persistence.configuration.firestore.emulatorHost == host, "one server for the process")
                        #expect(try await persistence.casefiles.get("shared-id") == nil, "another test's document is not here")
                        for index in 0..<5 {
                            try await persistence.casefiles.create(Casefile(title: "task \(task) #\(index)", ownerId: "alice"))
                        }
                        #expect(try await persistence.casefiles.count() == 5)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test("a generated repository works behind DocumentStore, and a service's own double takes its place")
    func behindAProtocol() async throws {
        try await withTestPersistence(schemas: [CanonSchemaSet.self]) { persistence in
            let desk = CasefileDesk(casefiles: persistence.casefiles)
            let opened = try await desk.open("Printer", for: "alice")
            #expect(try await desk.close(opened.id).status == .closed)
            #expect(try await persistence.casefiles.get(opened.id)?.status == .closed, "stored in the local server")
        }
        let double = CasefilesDouble()
        let desk = CasefileDesk(casefiles: double)
        let opened = try await desk.open("Printer", for: "alice")
        #expect(try await desk.close(opened.id).status == .closed && double.writes == 2)
    }

    @Test("the container is shut down when the body throws, and the error passes through")
    func throwing() async throws {
        struct Expected: Error {}
        let escaped = LockedBox<CanonPersistence?>(nil)
        await #expect(throws: Expected.self) {
            try await withTestPersistence(schemas: [CanonSchemaSet.self]) { persistence in
                escaped.value = persistence
                throw Expected()
            }
        }
        let persistence = try #require(escaped.value)
        await #expect(throws: (any Error).self, "a shut-down container refuses calls") {
            try await persistence.casefiles.get("x")
        }
    }
}

/// A service's logic over `DocumentStore`, as a service would write it: it never names the
/// repository type, so a test can hand it a double.
struct CasefileDesk {
    let casefiles: any DocumentStore<Casefile>

    func open(_ title: String, for owner: String) async throws -> Casefile {
        try await casefiles.create(Casefile(title: title, ownerId: owner))
    }

    func close(_ id: Casefile.ID) async throws -> Casefile {
        try await casefiles.updateIfUnchanged(id, maximumAttempts: 10) { $0.status = .closed }
    }
}

/// A service's own test double of a collection: a dictionary.
final class CasefilesDouble: DocumentStore, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Casefile.ID: Casefile] = [:]
    private(set) var writes = 0

    func get(_ id: Casefile.ID) async throws -> Casefile? { lock.withLock { stored[id] } }
    func get(_ ids: [Casefile.ID]) async throws -> [Casefile?] { lock.withLock { ids.map { stored[$0] } } }
    func create(_ model: Casefile) async throws -> Casefile {
        var model = model
        if !model.id.isAssigned { model.id = Casefile.ID(rawValue: "double-\(stored.count)") }
        return try lock.withLock {
            guard stored[model.id] == nil else { throw RepositoryError.alreadyExists(id: model.id.rawValue) }
            stored[model.id] = model
            writes += 1
            return model
        }
    }
    func save(_ model: Casefile) async throws -> Casefile { lock.withLock { stored[model.id] = model; writes += 1; return model } }
    func updateIfUnchanged(_ id: Casefile.ID, maximumAttempts: Int, _ change: (inout Casefile) throws -> Void) async throws -> Casefile {
        try lock.withLock {
            guard var model = stored[id] else { throw RepositoryError.notFound(id: id.rawValue) }
            try change(&model)
            stored[id] = model
            writes += 1
            return model
        }
    }
    func delete(_ id: Casefile.ID, ifUpdateTime: Timestamp?) async throws { _ = lock.withLock { stored.removeValue(forKey: id) } }
    func list(limit: Int?, after cursor: QueryCursor?) async throws -> QueryPage<Casefile> {
        lock.withLock { QueryPage(items: stored.values.sorted { $0.id < $1.id }, next: nil) }
    }
    func count() async throws -> Int { lock.withLock { stored.count } }
}

/// A value a test reads after a closure set it.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
