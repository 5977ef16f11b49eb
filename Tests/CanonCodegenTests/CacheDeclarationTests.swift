import CanonSchema
import Foundation
import Testing
@testable import CanonCodegen

@Suite("Cache declarations")
struct CacheDeclarationTests {
    static let base = """
        schema: 1
        models:
          Thing:
            fields:
              id: id
              name: string
          Part:
            fields:
              id: id
        collections:
          things:
            model: Thing
            path: things
            deprecated: "Use parts."
            cache: {ttl: 2m, negative_ttl: 15s}
          parts:
            model: Part
            path: things/{thingId}/parts
            cache: {ttl: 1h, key_prefix: "svc:parts"}
          uncached:
            model: Part
            path: uncached
            cache: {enabled: false}
        """

    static func generated(_ yaml: String) throws -> [String: String] {
        let loaded = try SchemaLoader(source: .memory(["s/things.yaml": yaml])).load(paths: ["s/things.yaml"])
        let files = try GeneratorPipeline(config: GeneratorConfig()).generate(loaded).get()
        return Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.contents) })
    }

    @Test("the schema set lists each cached collection, subcollections by their collection IDs; a deprecated repository's accessor is deprecated too")
    func declarations() throws {
        let files = try Self.generated(Self.base)
        let support = try #require(files["CanonSchemaSet.canon.swift"])
        #expect(support.contains("""
            internal static let cachedCollections: [CanonRuntime.CachedCollection] = [\
            CanonRuntime.CachedCollection(collectionIDs: ["things"], keyPrefix: "things", policy: CanonRuntime.CollectionCache.Policy(ttl: .seconds(120), negativeTTL: .seconds(15))), \
            CanonRuntime.CachedCollection(collectionIDs: ["things", "parts"], keyPrefix: "svc:parts", policy: CanonRuntime.CollectionCache.Policy(ttl: .seconds(3600)))]
            """), "\(support)")
        // The container's accessors: a top-level collection's repository, deprecated with it; a
        // subcollection's group.
        #expect(support.contains("""
                @available(*, deprecated, message: "Use parts.")
                internal var things: ThingsRepository { ThingsRepository(client: firestore) }
            """), "\(support)")
        #expect(support.contains("internal var uncached: UncachedRepository"))
        #expect(!support.contains("PartsRepository"), "a subcollection's repository is reached through its parent")
        #expect(support.contains("internal var parts: PartsGroup { PartsGroup(client: firestore) }"), "\(support)")
        let things = try #require(files["things.canon.swift"])
        #expect(things.contains("/// Reads by ID are cached for 2m (misses for 15s) when the client has a `FirestoreCache`"))
        #expect(things.contains("/// Reads by ID are cached for 1h (misses not cached)"))
        let uncached = try Self.generated(Self.base.replacingOccurrences(of: "cache: {ttl: 2m, negative_ttl: 15s}", with: "cache: {enabled: false}")
            .replacingOccurrences(of: "cache: {ttl: 1h, key_prefix: \"svc:parts\"}", with: ""))
        #expect(uncached["CanonSchemaSet.canon.swift"]?.contains("cachedCollections") == false)
        #expect(uncached["CanonSchemaSet.canon.swift"]?.contains("enum CanonSchemaSet: CanonRuntime.GeneratedSchemaSet") == true)
    }
}
