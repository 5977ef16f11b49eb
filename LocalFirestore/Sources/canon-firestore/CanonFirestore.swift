import ArgumentParser
import CanonFirestoreServer
import Foundation
import Logging

/// `canon-firestore`: the local Firestore server as a command, for local development.
@main
struct CanonFirestore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "canon-firestore",
        abstract: "Serve Firestore's REST API v1 locally (FIRESTORE_EMULATOR_HOST=host:port).")

    @Option(help: "The address to bind. Loopback unless you say otherwise.")
    var host = "127.0.0.1"

    @Option(help: "The port; 0 picks a free one.")
    var port = 8080

    @Option(name: .customLong("data-dir"), help: "Keep data here across restarts (each commit is on disk before it is acknowledged).")
    var dataDirectory: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func run() async throws {
        var logger = Logger(label: "canon-firestore")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let server = try await FirestoreServer.start(.init(
            host: host, port: port, dataDirectory: dataDirectory.map { URL(fileURLWithPath: $0) }, logger: logger, stopsOnSignals: true))
        // Scripts wait for this line; print it whatever the log level.
        let banner = "canon-firestore listening on \(server.emulatorHost)\nexport FIRESTORE_EMULATOR_HOST=\(server.emulatorHost)\n"
        FileHandle.standardOutput.write(Data(banner.utf8))
        try await server.waitUntilStopped()
    }
}
