// The generated repositories of CanonicalModels, as the article "Using the generated
// repositories" shows them. Compiled by `swift build`; never run (it would need a server).
import CanonRuntime
import CanonicalModels

// snippet.hide
let client = FirestoreClient(configuration: try FirestoreConfiguration.fromEnvironment(projectID: "casefile-service"))
let user = "alice"
// snippet.show

// snippet.repositories
let casefiles = CasefilesRepository(client: client)
// snippet.end

// snippet.create
let request = PersistenceContext(actor: user, requestID: "req-42")
let stored = try await PersistenceContext.$current.withValue(request) {
    // The ID strategy is `uuid`: the repository assigns the ID and returns what it stored,
    // audit fields included.
    try await casefiles.create(Casefile(title: "Printer on fire", ownerId: user, tags: ["hardware"]))
}
print(stored.id, stored.createdBy ?? "-", stored.createdAt?.rfc3339 ?? "-")
// snippet.end

// snippet.read
if let casefile = try await casefiles.get(stored.id) {
    print(casefile.title)
}
let several = try await casefiles.get([stored.id, Casefile.ID(rawValue: "missing")])  // [Casefile?], in order
// snippet.end
_ = several

// snippet.update
// Read, change and write back, retried if someone else wrote in between.
let reviewed = try await casefiles.updateIfUnchanged(stored.id) { casefile in
    casefile.status = .inReview
}
// Or change single fields on the server, in one request and without reading.
try await casefiles.update(stored.id) { change in
    change.set(\.priority, to: .high)
    change.append(\.tags, ["escalated"])
    change.set(\.dueAt, to: nil)  // nullable: stored as null
}
// snippet.end
_ = reviewed

// snippet.queries
// A named query from the schema binds its parameters; run it as you need it.
let open = casefiles.openCasefilesOfOwner(user)
let firstPage = try await open.page(limit: 20)        // at most the schema's limit (50)
print(firstPage.items.map(\.title))
if let next = firstPage.next {                          // nil when nothing follows
    print(try await open.page(limit: 20, after: next).items.count)
}
print(try await open.first()?.title ?? "none", try await open.count())
for try await casefile in open.all() {                   // a page in memory at a time
    print(casefile.title)
}
// An ad-hoc query by key path: fields the model does not store do not compile.
let urgent = try await casefiles.page(
    casefiles.query
        .where(\.priority, .equal, .high)
        .where(\.tags, contains: "hardware")
        .order(by: \.dueAt)
        .limit(10))
print(urgent.items.map(\.title))
// snippet.end

// snippet.subcollections
let notes = casefiles.notes(of: stored.id)
try await notes.create(CasefileNote(authorId: user, body: "Called facilities.", pinned: true))
print(try await notes.pinnedNotes().page().items.map(\.body))
// snippet.end

// snippet.transactions
// Reads first, then writes, committed together; retried when Firestore aborts it.
try await client.transaction { transaction in
    guard var casefile = try await transaction.get(stored.id, in: casefiles) else { return }
    casefile.status = .closed
    try transaction.save(casefile, in: casefiles)
    try transaction.create(CasefileNote(authorId: user, body: "Closed."), in: notes)
}
// A batch: writes without reads, atomic, in one request.
var batch = WriteBatch()
try batch.update(stored.id, in: casefiles) { $0.set(\.status, to: .archived) }
try batch.create(CasefileNote(authorId: user, body: "Archived."), in: notes)
try await batch.commit(with: client)
// snippet.end

// snippet.errors
do {
    try await casefiles.create(stored)  // the same ID again
} catch RepositoryError.alreadyExists(let id) {
    print("taken: \(id)")
}
// snippet.end

// snippet.hide
await client.shutdown()
