import CanonRuntime
import CanonFirestoreServer
@testable import CanonFirestoreAPI
import Testing

/// What the store keeps in memory once versions are older than anyone may read.
@Suite("Storage sweep")
struct StorageSweepTests {
    static func document(_ value: Int64, at time: Timestamp) -> StoredDocument {
        StoredDocument(fields: ["v": .integer(value)], createTime: time, updateTime: time)
    }

    static func path(_ text: String) -> DocumentPath { DocumentPath(segments: text.split(separator: "/").map(String.init)) }

    @Test("forgets documents deleted before the horizon and versions nobody can read; keeps what can still be read")
    func sweep() {
        var database = DatabaseState()
        let t = (1...6).map { Timestamp(seconds: Int64($0) * 100) }
        // Deleted long ago: gone after the sweep.
        database.append(Self.document(1, at: t[0]), at: t[0], for: Self.path("rooms/old"))
        database.append(nil, at: t[1], for: Self.path("rooms/old"))
        // Updated long ago, then left: only its last version before the horizon stays.
        database.append(Self.document(1, at: t[0]), at: t[0], for: Self.path("rooms/kept"))
        database.append(Self.document(2, at: t[1]), at: t[1], for: Self.path("rooms/kept"))
        // Deleted after the horizon: a read between horizon and deletion still sees it.
        database.append(Self.document(1, at: t[0]), at: t[0], for: Self.path("rooms/recent"))
        database.append(nil, at: t[4], for: Self.path("rooms/recent"))
        // The only document of its collection, deleted long ago: the collection goes too.
        database.append(Self.document(1, at: t[0]), at: t[0], for: Self.path("halls/h"))
        database.append(nil, at: t[1], for: Self.path("halls/h"))

        database.sweep(before: t[2])

        #expect(database.documents[Self.path("rooms/old")] == nil)
        #expect(database.documents[Self.path("rooms/kept")]?.versions.map(\.document?.fields["v"]) == [.integer(2)])
        #expect(database.documents[Self.path("rooms/recent")]?.document(at: t[3])?.fields["v"] == .integer(1))
        #expect(database.documents[Self.path("rooms/recent")]?.document(at: t[5]) == nil)
        #expect(database.collections[["rooms"]] == ["kept", "recent"])
        #expect(database.collections[["halls"]] == nil)
    }
}
