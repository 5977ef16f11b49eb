import Foundation
@testable import CanonCodegen
import CanonSchema
import Testing

/// The composite indexes derived from named queries, checked against Firestore's indexing rules
/// worked out by hand for the canonical schemas.
@Suite("Firestore indexes")
struct FirestoreIndexesTests {
    func indexes() throws -> [String: [String]?] {
        let loaded = try TestSupport.load(["Schemas"])
        var result: [String: [String]?] = [:]
        let schema = try #require(loaded.schema)
        for collection in schema.collections {
            for query in collection.queries {
                let index = FirestoreIndexes.index(for: query, in: collection, schema: schema).map { index in
                    ["\(index.collectionGroup) \(index.queryScope)"] + index.fields.map { "\($0.path) \($0.order ?? "CONTAINS")" }
                }
                result.updateValue(index, forKey: query.info.name)
            }
        }
        return result
    }

    @Test("equality fields first, then the ordering; equality-only queries need none")
    func canonicalQueries() throws {
        let found = try indexes()
        #expect(found["openCasefilesOfOwner"] == ["casefiles COLLECTION", "owner_id ASCENDING", "status ASCENDING", "updated_at DESCENDING"])
        #expect(found["casefilesWithTag"] == ["casefiles COLLECTION", "tags CONTAINS", "created_at DESCENDING"])
        #expect(found["dueBefore"] == ["casefiles COLLECTION", "status ASCENDING", "due_at ASCENDING"])
        #expect(found["pinnedNotes"] == ["notes COLLECTION", "pinned ASCENDING", "created_at DESCENDING"])
        #expect(found["failedRequestsSince"] == ["requests COLLECTION_GROUP", "status ASCENDING", "started_at DESCENDING"])
        #expect(found["requestsByStatus"] == ["requests COLLECTION", "status ASCENDING", "started_at ASCENDING"])
        #expect(found["requestByRequestID"] == .some(nil), "a single equality filter uses the automatic index")
    }

    @Test("the file is valid JSON in the Firebase CLI's shape")
    func fileShape() throws {
        let text = FirestoreIndexes.json(for: try #require(try TestSupport.load(["Schemas"]).schema))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(root.keys) == ["indexes", "fieldOverrides"])
        let indexes = try #require(root["indexes"] as? [[String: Any]])
        #expect(indexes.count == 10)
        for index in indexes {
            #expect(Set(index.keys) == ["collectionGroup", "queryScope", "fields"])
            let fields = try #require(index["fields"] as? [[String: String]])
            #expect(fields.count >= 2)
            #expect(fields.allSatisfy { $0["fieldPath"] != nil && ($0["order"] != nil) != ($0["arrayConfig"] != nil) })
        }
    }

    @Test("storage keys with dots, quotes and backticks stay whole: quoted as Firestore field paths, escaped as JSON")
    func unusualKeys() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("canon-indexes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let schema = #"""
        schema: 1
        models:
          Odd:
            fields:
              id: {type: id}
              dotted: {type: string, key: "a.b"}
              quoted: {type: int, key: "say \"hi\" `now` \\ then"}
              first: {type: int, key: 1st}
              zeta: {type: int, key: Zeta}
        collections:
          odds:
            model: Odd
            path: odds
            queries:
              both:
                params: {value: string}
                where: {dotted: $value}
                order: [-quoted]
              ranges:
                where: {zeta: {lt: 5}, first: {gt: 1}}
        """#
        try schema.write(to: folder.appendingPathComponent("odd.yaml"), atomically: true, encoding: .utf8)
        let loaded = try SchemaLoader(source: .disk(root: folder.path)).load(paths: ["odd.yaml"])
        #expect(!loaded.hasErrors, "\(loaded.diagnostics)")
        let text = FirestoreIndexes.json(for: try #require(loaded.schema))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let indexes = try #require(root["indexes"] as? [[String: Any]])
        let paths = indexes.map { ($0["fields"] as? [[String: String]] ?? []).map { $0["fieldPath"] ?? "" } }
        #expect(paths.contains(["`a.b`", #"`say "hi" \`now\` \\ then`"#]))
        // Inequality fields in the order the runtime completes the query's ordering: by segments,
        // not by their quoted spelling (which would put `Zeta` before `` `1st` ``).
        #expect(paths.contains(["`1st`", "Zeta"]))
    }
}
