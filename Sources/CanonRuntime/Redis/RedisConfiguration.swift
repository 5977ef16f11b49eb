import Foundation

/// Where a Redis server is, how to log in, and how long a command may take.
///
/// Read it from a URL (``init(url:connectTimeout:commandTimeout:)``, or ``fromEnvironment(_:)`` for `REDIS_URL`):
/// - `redis://[[user]:password@]host[:port][/database]`, port 6379 and database 0 by default;
///   user and password percent-encoded;
/// - `unix://[[user]:password@]/path/to/redis.sock[?db=N]`, or just the socket's absolute path.
///
/// `rediss://` is refused: Debian 12's hiredis (0.14) has no TLS. The password never appears in
/// ``description`` or in errors.
public struct RedisConfiguration: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// How to reach the server.
    public enum Endpoint: Sendable, Hashable, CustomStringConvertible {
        /// A host name or IP address (IPv6 without brackets) and a port.
        case tcp(host: String, port: Int)
        /// A unix domain socket's path.
        case unixSocket(path: String)

        /// `host:port` (`[v6]:port`), or the socket's path.
        public var description: String {
            switch self {
            case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            case .unixSocket(let path): path
            }
        }
    }

    /// How to reach the server.
    public var endpoint: Endpoint
    /// The ACL user to log in as; nil logs in as `default` when there is a password.
    public var username: String?
    /// The password for `AUTH`; nil sends no `AUTH`.
    public var password: String?
    /// The database `SELECT`ed on every connection.
    public var database: Int
    /// How long making a connection may take: name resolution, the socket, `AUTH`, `SELECT` and a
    /// `PING`. While no connection is ready, calls wait about this long for one.
    public var connectTimeout: Duration
    /// How long a call may wait for its replies once sent. A command that times out may still
    /// run on the server; its connection is closed, because later replies would be out of order.
    public var commandTimeout: Duration

    /// Creates a configuration. The defaults are short, as befits a cache: a cache that waits
    /// longer than the database behind it would answer is worse than none.
    public init(endpoint: Endpoint, username: String? = nil, password: String? = nil, database: Int = 0,
                connectTimeout: Duration = .seconds(1), commandTimeout: Duration = .milliseconds(250)) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

    /// Reads a `redis://` or `unix://` URL, or a socket's absolute path.
    ///
    /// - Throws: ``RedisConfigurationError`` naming what is wrong; it never quotes the password.
    public init(url: String, connectTimeout: Duration = .seconds(1), commandTimeout: Duration = .milliseconds(250)) throws {
        self = try RedisURL.parse(url)
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

    /// The configuration `REDIS_URL` names, or nil when it is unset or empty.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RedisConfiguration? {
        guard let url = environment["REDIS_URL"], !url.isEmpty else { return nil }
        do {
            return try RedisConfiguration(url: url)
        } catch let error as RedisConfigurationError {
            throw RedisConfigurationError("REDIS_URL: " + error.message)
        }
    }

    /// What `dump` and debuggers show: every setting but the password.
    public var customMirror: Mirror {
        Mirror(self, children: ["endpoint": endpoint, "username": username as Any, "password": password == nil ? "none" : "(hidden)",
                                "database": database, "connectTimeout": connectTimeout, "commandTimeout": commandTimeout])
    }

    /// The endpoint, user and database, with the password hidden.
    public var description: String {
        let login = username.map { "\($0)@" } ?? (password != nil ? "(password)@" : "")
        return "redis \(login)\(endpoint) db \(database)"
    }
}

/// A Redis URL or setting that cannot be used. The message never quotes a password.
public struct RedisConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, and the form expected.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
