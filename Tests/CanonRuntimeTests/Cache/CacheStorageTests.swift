import CanonTestSupport
import Foundation
import Testing
@testable import CanonRuntime

@Suite("Cache storage: keys, entries, the in-memory and Redis caches")
struct CacheStorageTests {
    @Test("keys are namespaced by prefix, database and collection, versioned, hash-tagged by path, ASCII, and escaped byte by byte")
    func keys() {
        let keys = CacheKeys(prefix: "canon:svc", database: "demo/(default)", collection: "casefiles")
        #expect(keys.key(for: "casefiles/cf-1") == "canon:svc:demo/%28default%29:casefiles:v1:{casefiles/cf-1}")
        #expect(keys.key(for: "casefiles/cf-1/notes/n-2") == "canon:svc:demo/%28default%29:casefiles:v1:{casefiles/cf-1/notes/n-2}")
        // Two databases, two keys.
        #expect(CacheKeys.database("projects/demo/databases/(default)") == "demo/(default)")
        #expect(CacheKeys(prefix: "canon:svc", database: "prod/(default)", collection: "casefiles").key(for: "casefiles/cf-1") != keys.key(for: "casefiles/cf-1"))
        let plain = CacheKeys(prefix: "canon:svc", collection: "casefiles")
        #expect(plain.key(for: "casefiles/cf-1") == "canon:svc:casefiles:v1:{casefiles/cf-1}")
        // Braces, percent signs, colons and control characters cannot change the key's structure.
        #expect(plain.key(for: "casefiles/a}b{c") == "canon:svc:casefiles:v1:{casefiles/a%7Db%7Bc}")
        #expect(plain.key(for: "casefiles/a%7Db") == "canon:svc:casefiles:v1:{casefiles/a%257Db}")
        #expect(plain.key(for: "casefiles/line\r\nbreak\u{0}") == "canon:svc:casefiles:v1:{casefiles/line%0D%0Abreak%00}")
        #expect(plain.key(for: "casefiles/a:b") == "canon:svc:casefiles:v1:{casefiles/a%3Ab}")
        #expect(CacheKeys(prefix: "a", collection: "b:c").key(for: "x/y") == "a:b%3Ac:v1:{x/y}")
        // NFC and NFD spellings are one Swift String but two Firestore IDs: two keys.
        let nfc = "casefiles/caf\u{E9}", nfd = "casefiles/cafe\u{301}"
        #expect(nfc == nfd)
        #expect(plain.key(for: nfc) == "canon:svc:casefiles:v1:{casefiles/caf%C3%A9}")
        #expect(plain.key(for: nfd) == "canon:svc:casefiles:v1:{casefiles/cafe%CC%81}")
        let accented = plain.key(for: "casefiles/" + String(repeating: "é", count: 3))
        #expect(accented.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test("a cached collection is found by its collection path, byte for byte, also for IDs that begin with a combining mark")
    func matching() async throws {
        let declaration = CachedCollection(collectionIDs: ["casefiles", "notes"], keyPrefix: "p", policy: .init(ttl: .seconds(60)))
        #expect(declaration.matches(collectionPath: "casefiles/cf-1/notes"))
        #expect(declaration.matches(collectionPath: "casefiles/\u{301}x/notes"))
        #expect(!declaration.matches(collectionPath: "casefiles"))
        #expect(!declaration.matches(collectionPath: "casefiles/cf-1/other"))
        #expect(!declaration.matches(collectionPath: "other/cf-1/notes"))
        let storage = InMemoryCache()
        let cache = FirestoreCache(cache: storage, collections: [declaration])
        let database = "projects/demo/databases/(default)"
        let notes = try #require(cache.collection(at: "casefiles/\u{301}x/notes", in: database))
        _ = try await notes.read("casefiles/\u{301}x/notes/n") { FirestoreDocument(name: "n", fields: [:]) }
        #expect(try await storage.get([notes.keys.key(for: "casefiles/\u{301}x/notes/n")]) != [nil])
        await cache.invalidate(["casefiles/\u{301}x/notes/n"], in: database)
        #expect(try await storage.get([notes.keys.key(for: "casefiles/\u{301}x/notes/n")]) == [nil], "invalidated")
        #expect(cache.caches(in: database).count == 1 && cache.caches(in: database)[0] === notes)
    }

    @Test("an entry reads back as written; anything else is a miss")
    func entries() {
        let document = FirestoreDocument(name: "projects/p/databases/(default)/documents/c/a", fields: ["n": .integer(7), "s": .string("é\u{0}")],
                                         createTime: Timestamp(seconds: 1, nanoseconds: 5), updateTime: Timestamp(seconds: 2))
        #expect(CachedDocument(bytes: CachedDocument.document(document).bytes) == .document(document))
        #expect(CachedDocument(bytes: CachedDocument.missing.bytes) == .missing)
        let lease = CachedDocument.newLease()
        #expect(CachedDocument(bytes: lease.bytes) == lease)
        #expect(lease != CachedDocument.newLease())
        #expect(CachedDocument(bytes: []) == nil)
        #expect(CachedDocument(bytes: [9, 1, 2]) == nil)
        #expect(CachedDocument(bytes: Array(CachedDocument.document(document).bytes.dropLast(3))) == nil)
        #expect(CachedDocument(bytes: [0, 0]) == nil)
        #expect(CachedDocument(bytes: Array(lease.bytes.dropLast())) == nil)
    }

    @Test("the in-memory cache expires entries, evicts the least recently used by entries and by bytes, adds and swaps")
    func inMemory() async throws {
        let cache = InMemoryCache(maximumEntries: 3, maximumBytes: 1_000)
        try await cache.set([CacheEntry(key: "a", value: [1], ttl: .seconds(60)), CacheEntry(key: "b", value: [2], ttl: .seconds(60)),
                             CacheEntry(key: "c", value: [3], ttl: .seconds(60))])
        #expect(try await cache.get(["a"]) == [[1]])  // a is now the most recent
        try await cache.set([CacheEntry(key: "d", value: [4], ttl: .seconds(60))])
        #expect(try await cache.get(["a", "b", "c", "d"]) == [[1], nil, [3], [4]])
        #expect(cache.usage.entries == 3)

        #expect(try await cache.add([CacheEntry(key: "a", value: [9], ttl: .seconds(60)), CacheEntry(key: "e", value: [5], ttl: .milliseconds(300))]) == [false, true])
        // "a" was there (not added), then, the least recently used, made room for "e".
        #expect(try await cache.get(["a", "c", "d", "e"]) == [nil, [3], [4], [5]])
        try await Task.sleep(for: .milliseconds(600))
        #expect(try await cache.get(["e"]) == [nil])
        #expect(try await cache.add([CacheEntry(key: "e", value: [6], ttl: .seconds(60))]) == [true], "an expired key is absent")

        #expect(try await cache.swap([CacheSwap(key: "e", expected: [5], value: [7], ttl: .seconds(60)),
                                      CacheSwap(key: "e", expected: [6], value: [8], ttl: .seconds(60))]) == [false, true])
        #expect(try await cache.get(["e"]) == [[8]])
        #expect(try await cache.swap([CacheSwap(removing: "e", ifHolding: [7]), CacheSwap(removing: "nothing", ifHolding: [7])]) == [false, false])
        #expect(try await cache.swap([CacheSwap(removing: "e", ifHolding: [8])]) == [true])
        #expect(try await cache.get(["e"]) == [nil])

        let small = InMemoryCache(maximumEntries: 100, maximumBytes: 100)
        try await small.set([CacheEntry(key: "big", value: Array(repeating: 0, count: 200), ttl: .seconds(60))])
        #expect(try await small.get(["big"]) == [nil], "a value over the byte bound is not stored")
        for index in 0..<10 { try await small.set([CacheEntry(key: "k\(index)", value: Array(repeating: 1, count: 30), ttl: .seconds(60))]) }
        #expect(small.usage.bytes <= 100)
        #expect(try await small.get(["k9"]) == [Array(repeating: 1, count: 30)])
        #expect(try await small.get(["k0"]) == [nil])
        try await small.delete(["k9"])
        #expect(try await small.get(["k9"]) == [nil])
        // NFC and NFD keys are two keys.
        try await small.set([CacheEntry(key: "caf\u{E9}", value: [1], ttl: .seconds(60))])
        #expect(try await small.get(["cafe\u{301}"]) == [nil])
    }

    @Test("the Redis cache: values, TTLs, NX and the compare-and-set as redis-cli sees them")
    func redis() async throws {
        let server = try RedisServer()
        try await RedisClientTests.using(RedisClient(configuration: try RedisConfiguration(url: server.url))) { client in
        let cache = RedisCache(client: client)
        let binary = (0...255).map(UInt8.init)
        try await cache.set([CacheEntry(key: "svc:c:f:{c/a}", value: binary, ttl: .seconds(30)), CacheEntry(key: "svc:c:f:{c/b}", value: [1], ttl: .seconds(20))])
        #expect(try await cache.get(["svc:c:f:{c/a}", "svc:c:f:{c/missing}", "svc:c:f:{c/b}"]) == [binary, nil, [1]])
        #expect(try server.cli(["STRLEN", "svc:c:f:{c/a}"]) == "256")
        let ttl = try #require(Int(try server.cli(["PTTL", "svc:c:f:{c/b}"])))
        #expect((1...20_000).contains(ttl))

        #expect(try await cache.add([CacheEntry(key: "svc:c:f:{c/a}", value: [7], ttl: .seconds(30)),
                                     CacheEntry(key: "svc:c:f:{c/new}", value: [7], ttl: .seconds(30))]) == [false, true])
        #expect(try await cache.get(["svc:c:f:{c/a}"]) == [binary], "NX kept what was there")

        // The script's SHA-1 is the one Redis computes, and a server without it (flushed, or
        // restarted) gets it again.
        #expect(try server.cli(["SCRIPT", "LOAD", RedisCache.swapScript.source]) == RedisCache.swapScript.sha1)
        try server.cli(["SCRIPT", "FLUSH"])
        #expect(try await cache.swap([CacheSwap(key: "svc:c:f:{c/new}", expected: [8], value: [9], ttl: .seconds(30)),
                                      CacheSwap(key: "svc:c:f:{c/new}", expected: [7], value: binary, ttl: .milliseconds(2_000))]) == [false, true])
        #expect(try await cache.get(["svc:c:f:{c/new}"]) == [binary])
        let swappedTTL = try #require(Int(try server.cli(["PTTL", "svc:c:f:{c/new}"])))
        #expect((1...2_000).contains(swappedTTL), "the swap sets the replacement's time to live")
        #expect(try await cache.swap([CacheSwap(removing: "svc:c:f:{c/new}", ifHolding: [7])]) == [false])
        #expect(try await cache.swap([CacheSwap(removing: "svc:c:f:{c/new}", ifHolding: binary)]) == [true])
        #expect(try server.cli(["EXISTS", "svc:c:f:{c/new}"]) == "0")

        try await cache.delete(["svc:c:f:{c/a}", "svc:c:f:{c/b}"])
        #expect(try server.cli(["EXISTS", "svc:c:f:{c/a}", "svc:c:f:{c/b}"]) == "0")
        }
    }
}
