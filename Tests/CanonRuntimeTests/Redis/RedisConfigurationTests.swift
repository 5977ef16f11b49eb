import Testing
@testable import CanonRuntime

@Suite("Redis URLs")
struct RedisConfigurationTests {
    @Test("redis:// with every part, and the defaults")
    func tcp() throws {
        let full = try RedisConfiguration(url: "redis://cache-user:p%40ss%3Aword@cache.internal:6380/3")
        #expect(full.endpoint == .tcp(host: "cache.internal", port: 6380))
        #expect(full.username == "cache-user")
        #expect(full.password == "p@ss:word")
        #expect(full.database == 3)

        let bare = try RedisConfiguration(url: "redis://127.0.0.1")
        #expect(bare.endpoint == .tcp(host: "127.0.0.1", port: 6379))
        #expect(bare.username == nil && bare.password == nil && bare.database == 0)
        #expect(bare.commandTimeout == .milliseconds(250) && bare.connectTimeout == .seconds(1))

        // A password alone, with or without the colon, as redis-cli reads it.
        #expect(try RedisConfiguration(url: "redis://:secret@localhost").password == "secret")
        #expect(try RedisConfiguration(url: "redis://secret@localhost").password == "secret")
        #expect(try RedisConfiguration(url: "redis://localhost/").database == 0)
        #expect(try RedisConfiguration(url: "redis://localhost?db=5").database == 5)

        let v6 = try RedisConfiguration(url: "redis://[::1]:7000")
        #expect(v6.endpoint == .tcp(host: "::1", port: 7000))
        #expect(v6.endpoint.description == "[::1]:7000")
    }

    @Test("unix sockets, as a URL or a bare path")
    func unix() throws {
        let url = try RedisConfiguration(url: "unix://:pw@/run/redis/redis.sock?db=2")
        #expect(url.endpoint == .unixSocket(path: "/run/redis/redis.sock"))
        #expect(url.password == "pw" && url.database == 2)
        #expect(try RedisConfiguration(url: "/tmp/redis.sock").endpoint == .unixSocket(path: "/tmp/redis.sock"))
    }

    @Test("what cannot be used is refused with the expected form, never quoting the password", arguments: [
        ("rediss://:hunter2@cache:6380", "TLS"),
        ("http://:hunter2@cache", "scheme 'http'"),
        ("redis://:hunter2@cache:notaport", "port is not a number"),
        ("redis://:hunter2@cache:70000", "port is not a number"),
        ("redis://:hunter2@cache/-1", "database is not a number"),
        ("redis://:hunter2@cache?timeout=1", "other than db=N"),
        ("redis://:hunter2?x@cache", "other than db=N"),  // an unencoded '?' in the password
        ("hunter2", "not a Redis URL"),
        ("hunter2:x@cache", "not a Redis URL"),
        ("redis://:hunter2@", "no host"),
        ("unix://:hunter2@relative.sock", "absolute path"),
        ("redis:cache", "redis://"),
        ("cache:6379", "not a Redis URL"),
        ("abcdef:ghi@cache", "not a Redis URL"),  // a bare password's letters are never quoted as a scheme
        ("localhost", "not a Redis URL"),
    ])
    func refused(url: String, says: String) {
        do {
            _ = try RedisConfiguration(url: url)
            Issue.record("accepted \(url)")
        } catch let error as RedisConfigurationError {
            #expect(error.message.contains(says), "\(error.message)")
            #expect(!error.message.contains("hunter2") && !error.message.contains("abcdef"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("REDIS_URL: unset or empty is no Redis; a bad one names the variable")
    func environment() throws {
        #expect(try RedisConfiguration.fromEnvironment([:]) == nil)
        #expect(try RedisConfiguration.fromEnvironment(["REDIS_URL": ""]) == nil)
        #expect(try RedisConfiguration.fromEnvironment(["REDIS_URL": "redis://127.0.0.1:6390/1"])?.database == 1)
        #expect(throws: RedisConfigurationError("REDIS_URL: the port is not a number from 1 to 65535")) {
            try RedisConfiguration.fromEnvironment(["REDIS_URL": "redis://127.0.0.1:0"])
        }
    }

    @Test("descriptions hide the password")
    func description() throws {
        let configuration = try RedisConfiguration(url: "redis://app:hunter2@127.0.0.1:6379/4")
        #expect(configuration.description == "redis app@127.0.0.1:6379 db 4")
        #expect(try RedisConfiguration(url: "redis://:hunter2@127.0.0.1").description == "redis (password)@127.0.0.1:6379 db 0")
        #expect(!"\(RedisCommand("AUTH", "app", "hunter2"))".contains("hunter2"))
    }

    @Test("printed, dumped or reflected, a configuration never shows its password")
    func redacted() throws {
        let configuration = try RedisConfiguration(url: "redis://app:hunter2@cache.internal:6380/2")
        var dumped = ""
        dump(configuration, to: &dumped)
        var settings = CanonConfiguration.emulator("127.0.0.1:8080")
        settings.redis.url = "redis://app:hunter2@cache.internal:6380/2"
        dump(settings, to: &dumped)
        for text in [configuration.description, dumped, "\(settings)", "\(settings.redis)", String(reflecting: settings.redis)] {
            #expect(!text.contains("hunter2"), "\(text)")
        }
        #expect(dumped.contains("cache.internal"))
    }
}
