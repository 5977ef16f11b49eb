import Foundation

/// Reads the forms ``RedisConfiguration/init(url:connectTimeout:commandTimeout:)`` accepts. Its
/// errors quote no part of the value: any of it could be a password.
enum RedisURL {
    static let expected = "expected redis://[[user]:password@]host[:port][/db], unix://[[user]:password@]/path[?db=N] or a socket's absolute path"

    static func parse(_ text: String) throws -> RedisConfiguration {
        if text.hasPrefix("/") { return RedisConfiguration(endpoint: .unixSocket(path: text)) }
        guard let colon = text.firstIndex(of: ":") else {
            // Never quoted: a bare password pasted into REDIS_URL would land in logs.
            throw RedisConfigurationError("the value is not a Redis URL: \(expected)")
        }
        let scheme = text[..<colon].lowercased()
        switch scheme {
        case "rediss":
            throw RedisConfigurationError("rediss:// (TLS) is not supported: Debian 12's hiredis 0.14 has no TLS. "
                + "Reach a TLS server through a local tunnel (stunnel, spiped) with redis://, or use a unix socket")
        case "redis", "unix":
            break
        default:
            // Named only when it is a known scheme: any other text could be part of a password.
            throw RedisConfigurationError(["http", "https", "tcp", "valkey", "keydb", "memcached", "sentinel", "redis+sentinel"].contains(scheme)
                ? "the scheme '\(scheme)' is not supported: \(expected)" : "the value is not a Redis URL: \(expected)")
        }
        // Split by hand: URLComponents would quote the whole URL, password included, in errors,
        // and differs between platforms on IPv6 hosts.
        var rest = text[text.index(after: colon)...]
        guard rest.hasPrefix("//") else { throw RedisConfigurationError("a \(scheme) URL starts with \(scheme)://: \(expected)") }
        rest = rest.dropFirst(2)
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let login = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let separator = login.firstIndex(of: ":") {
                username = try decode(login[..<separator], "user name")
                password = try decode(login[login.index(after: separator)...], "password")
            } else {
                // `redis://secret@host` is the password alone, as redis-cli reads it.
                password = try decode(login, "password")
            }
            if username?.isEmpty == true { username = nil }
        }
        var database = 0
        for parameter in query.split(separator: "&") where !parameter.isEmpty {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0] == "db" else {
                throw RedisConfigurationError("the URL has a parameter other than db=N (a password with '?' must be percent-encoded as %3F)")
            }
            database = try self.database(pair[1])
        }
        let endpoint: RedisConfiguration.Endpoint
        if scheme == "unix" {
            guard rest.hasPrefix("/") else { throw RedisConfigurationError("a unix URL names the socket's absolute path: unix:///path/to/redis.sock") }
            endpoint = .unixSocket(path: try decode(rest, "socket path"))
        } else {
            var hostAndPort = rest
            if let slash = rest.firstIndex(of: "/") {
                hostAndPort = rest[..<slash]
                let path = rest[rest.index(after: slash)...]
                if !path.isEmpty { database = try self.database(path) }
            }
            endpoint = try tcp(hostAndPort)
        }
        return RedisConfiguration(endpoint: endpoint, username: username, password: password, database: database)
    }

    private static func tcp(_ text: Substring) throws -> RedisConfiguration.Endpoint {
        var host: Substring
        var port: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw RedisConfigurationError("an IPv6 host is missing its ']'") }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw RedisConfigurationError("expected ':port' after the IPv6 host") }
                port = after.dropFirst()
            }
        } else if let separator = text.lastIndex(of: ":") {
            host = text[..<separator]
            port = text[text.index(after: separator)...]
        } else {
            host = text
        }
        guard !host.isEmpty else { throw RedisConfigurationError("the URL names no host: \(expected)") }
        var number = 6379
        if let port {
            guard let value = Int(port), (1...65_535).contains(value) else {
                throw RedisConfigurationError("the port is not a number from 1 to 65535")
            }
            number = value
        }
        return .tcp(host: String(host), port: number)
    }

    private static func database(_ text: Substring) throws -> Int {
        guard let value = Int(text), value >= 0 else {
            throw RedisConfigurationError("the database is not a number of 0 or more")
        }
        return value
    }

    /// Percent-decodes a part; the error names the part, never its value.
    private static func decode(_ text: Substring, _ part: String) throws -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw RedisConfigurationError("the \(part) in the URL has an invalid percent-encoding")
        }
        return decoded
    }
}
