import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real `redis-server` (Debian's package) on a free loopback port, started for one test and
/// stopped after it. The tests never skip for want of it: a missing `redis-server` fails them,
/// with how to install it.
public final class RedisServer: @unchecked Sendable {
    public let port: Int
    public let arguments: [String]
    public let socketPath: String?
    private var process: Process?

    public static var executable: String? { find("redis-server") }
    public static var cliExecutable: String? { find("redis-cli") }

    static func find(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin", "/usr/sbin"]
        return paths.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public struct Missing: Error, CustomStringConvertible {
        public var description: String { "redis-server is not installed: run scripts/install-system-packages.sh (Debian: apt-get install redis-server)" }
    }

    /// Starts a server; `extra` are more `redis-server` options, such as `--requirepass`.
    public init(extra: [String] = [], unixSocket: Bool = false) throws {
        guard RedisServer.executable != nil, RedisServer.cliExecutable != nil else { throw Missing() }
        port = try Self.freePort()
        socketPath = unixSocket ? FileManager.default.temporaryDirectory.appendingPathComponent("canon-redis-\(UUID().uuidString.prefix(8)).sock").path : nil
        var arguments = ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"]
        if let socketPath { arguments += ["--unixsocket", socketPath, "--unixsocketperm", "700"] }
        self.arguments = arguments + extra
        try start()
    }

    public var url: String { "redis://127.0.0.1:\(port)" }

    /// Starts the server (again, on the same port) and waits until it accepts connections.
    public func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RedisServer.executable!)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        // Bounded: 10 s at most.
        for _ in 0..<1_000 {
            // Any answer will do (NOAUTH too, when the default user is off); a server that is
            // not up yet leaves redis-cli's output empty.
            if let answer = try? cli(["PING"]), !answer.isEmpty { return }
            usleep(10_000)
        }
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "redis-server did not start on port \(port)"])
    }

    /// Kills the server at once (SIGKILL), as a crash would.
    public func kill() {
        guard let process else { return }
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        self.process = nil
    }

    /// Stops the server for good. With SIGKILL: the server inherits the test runner's signal
    /// mask, in which SIGTERM may be blocked, and it keeps nothing worth a clean shutdown.
    public func stop() {
        kill()
        if let socketPath { try? FileManager.default.removeItem(atPath: socketPath) }
    }

    deinit { stop() }

    /// Runs `redis-cli` against the server: the raw view, independent of the client under test.
    @discardableResult
    public func cli(_ arguments: [String], database: Int = 0, auth: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RedisServer.cliExecutable!)
        process.arguments = ["-h", "127.0.0.1", "-p", "\(port)", "-n", "\(database)", "--no-auth-warning"] + auth + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A port nothing listens on now: bound once by the kernel's choice, then released.
    public static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        guard let port = bindToEphemeralLoopbackPort(descriptor) else { throw POSIXError(.EADDRINUSE) }
        return Int(port)
    }
}
