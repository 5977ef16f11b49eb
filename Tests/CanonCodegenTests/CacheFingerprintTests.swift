import CanonSchema
import Foundation
import Testing
@testable import CanonCodegen

@Suite("Cache declarations and shape fingerprints")
struct CacheFingerprintTests {
    static let base = """
        schema: 1
        enums:
          Status: {values: [open, closed]}
        types:
          Owner:
            fields: {name: string}
        models:
          Thing:
            doc: A thing.
            fields:
              id: id
              status: {type: Status, default: open}
              owner: {type: Owner, optional: true}
              tags: {type: "[string]", default: []}
        collections:
          things:
            model: Thing
            path: things
            cache: {ttl: 2m, negative_ttl: 15s}
        """

    /// The fingerprint in the generated cache declaration of `yaml`.
    static func fingerprint(_ yaml: String) throws -> String {
        let source = try generated(yaml)
        let match = try #require(source.firstRange(of: /fingerprint: "([0-9a-f]{16})"/))
        return String(source[match].dropFirst("fingerprint: \"".count).dropLast())
    }

    static func generated(_ yaml: String) throws -> String {
        let loaded = try SchemaLoader(source: .memory(["s/things.yaml": yaml])).load(paths: ["s/things.yaml"])
        let files = try GeneratorPipeline(config: GeneratorConfig()).generate(loaded).get()
        return files.map(\.contents).joined(separator: "\n")
    }

    @Test("a cached collection declares its cache, and the schema set lists it")
    func declaration() throws {
        let source = try Self.generated(Self.base)
        #expect(source.contains(#"static let cache: CanonRuntime.CachedCollection = CanonRuntime.CachedCollection(collectionIDs: ["things"], keyPrefix: "things", fingerprint: ""#))
        #expect(source.contains("policy: CanonRuntime.CollectionCache.Policy(ttl: .seconds(120), negativeTTL: .seconds(15)))"))
        #expect(source.contains("static let cachedCollections: [CanonRuntime.CachedCollection] = [ThingsRepository.cache]"))
        let uncached = try Self.generated(Self.base.replacingOccurrences(of: "cache: {ttl: 2m, negative_ttl: 15s}", with: "cache: {enabled: false}"))
        #expect(!uncached.contains("CachedCollection"))
    }

    @Test("the fingerprint changes with what is stored, not with docs or Swift-only details")
    func fingerprints() throws {
        let base = try Self.fingerprint(Self.base)
        let same = [
            Self.base.replacingOccurrences(of: "doc: A thing.", with: "doc: Another thing."),
            Self.base.replacingOccurrences(of: "default: open}", with: "default: closed}"),
            Self.base.replacingOccurrences(of: "ttl: 2m", with: "ttl: 3m"),
        ]
        for yaml in same { #expect(try Self.fingerprint(yaml) == base, "\(yaml)") }
        let changed = [
            Self.base.replacingOccurrences(of: "values: [open, closed]", with: "values: [open, closed, archived]"),
            Self.base.replacingOccurrences(of: "fields: {name: string}", with: "fields: {name: int}"),
            Self.base.replacingOccurrences(of: "tags: {type: \"[string]\", default: []}", with: "tags: {type: \"[string]\", default: [], key: labels}"),
            Self.base.replacingOccurrences(of: "owner: {type: Owner, optional: true}", with: "owner: {type: Owner, nullable: true, default: null}"),
            Self.base.replacingOccurrences(of: "\n      tags:", with: "\n      note: {type: string, optional: true}\n      tags:"),
        ]
        var seen: Set<String> = [base]
        for yaml in changed {
            #expect(yaml != Self.base)
            let fingerprint = try Self.fingerprint(yaml)
            #expect(seen.insert(fingerprint).inserted, "\(yaml)")
        }
    }
}
