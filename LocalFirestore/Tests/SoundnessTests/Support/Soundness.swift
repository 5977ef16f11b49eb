import CanonFirestoreServer
import CanonRuntime
import Foundation
import Testing

/// What every generated soundness case runs: a model decoded from a sample document the case
/// generator wrote (`scripts/soundness.py`), created through its generated repository in the
/// local Firestore server, read back, and compared field by field with what was sent.
///
/// The cases themselves (`Random/`, made for each run and not committed, and `Fixtures/`, kept
/// from failures) are one Swift Testing suite per schema set, found by Swift Testing itself.
enum Soundness {
    /// One server for the whole run: each schema set uses paths of its own.
    private static let server = _Concurrency.Task { try await FirestoreServer.start(.init()) }  // a schema may declare `Task`

    /// The placeholder for the documents root in sample documents.
    static let rootPlaceholder = "$ROOT"

    /// One client of the shared local server, alive as long as the test process.
    private static let sharedClient = _Concurrency.Task {
        let host = try await server.value.emulatorHost
        let configuration = try FirestoreConfiguration.fromEnvironment(projectID: "soundness", environment: ["FIRESTORE_EMULATOR_HOST": host])
        return FirestoreClient(configuration: configuration)
    }

    /// The client of the shared local server.
    static func client() async throws -> FirestoreClient {
        try await sharedClient.value
    }

    /// Creates the sample through `repository`, reads it back and checks that nothing changed on
    /// the way: the stored fields are exactly what the model encodes to, and the model read back
    /// equals the one created.
    static func roundTrip<Model: FirestoreStorable & Equatable>(_ repository: FirestoreRepository<Model>, sample: String,
                                                                set: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let root = repository.client.configuration.documentsRoot
        let text = sample.replacingOccurrences(of: rootPlaceholder, with: root)
        let document = try FirestoreJSON.document(from: Data(text.utf8))
        let decoder = FirestoreDecoder(databaseRoot: root)
        let encoder = FirestoreEncoder(databaseRoot: root)
        let model = try decoder.decode(Model.self, from: document)
        let created = try await repository.create(model)
        let read = try #require(try await repository.get(model.id), "\(set): the created document is missing", sourceLocation: sourceLocation)
        #expect(read == created, "\(set): \(Model.self) read back differs from the model created", sourceLocation: sourceLocation)

        let audit = Set(Model.auditKeys.all)
        var expected = try encoder.encodeFields(model)
        for key in audit { expected[key] = nil }
        let stored = try #require(try await repository.client.get(name: try repository.name(of: model.id)), sourceLocation: sourceLocation)
        let storedFields = stored.fields.filter { !audit.contains($0.key) }
        #expect(storedFields == expected, "\(set): \(Model.self) stored \(storedFields), expected \(expected)", sourceLocation: sourceLocation)
        // Every value the sample gave is stored as given (keys it left out take their defaults,
        // at any depth).
        for (key, value) in document.fields where !audit.contains(key) {
            #expect(stored.fields[key].map { holds($0, value) } == true,
                    "\(set): \(Model.self).\(key) stored \(String(describing: stored.fields[key])), sent \(value)", sourceLocation: sourceLocation)
        }
    }

    /// Whether `stored` holds everything `sent` does: maps may have more keys (defaults).
    static func holds(_ stored: FirestoreValue, _ sent: FirestoreValue) -> Bool {
        switch (stored, sent) {
        case (.map(let stored), .map(let sent)):
            sent.allSatisfy { key, value in stored[key].map { holds($0, value) } ?? false }
        case (.array(let stored), .array(let sent)):
            stored.count == sent.count && zip(stored, sent).allSatisfy { holds($0, $1) }
        default:
            stored == sent
        }
    }
}
