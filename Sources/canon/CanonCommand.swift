import ArgumentParser
import Foundation

/// The `canon` command: validates schemas (and, in later versions, generates Swift from them).
@main
struct CanonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "canon",
        abstract: "Canon: typed persistence for Swift services, generated from YAML schemas.",
        version: "0.1.0",
        subcommands: [ValidateCommand.self, GenerateCommand.self, DocsCommand.self, IndexesCommand.self, BreakingCommand.self]
    )

    /// Runs the command with Canon's exit codes: 0 success, 1 schema errors, 2 usage or I/O errors.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let error as CanonCLIError {
            StandardError.write("canon: error: \(error)")
            Foundation.exit(ExitStatus.usageOrIO)
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                Foundation.exit(ExitStatus.success)
            }
            StandardError.write(fullMessage(for: error))
            Foundation.exit(ExitStatus.usageOrIO)
        }
    }
}

/// Canon's process exit statuses.
enum ExitStatus {
    static let success: Int32 = 0
    static let schemaErrors: Int32 = 1
    static let usageOrIO: Int32 = 2
}

/// An error the CLI reports as a usage or I/O problem (exit status 2).
struct CanonCLIError: Error, CustomStringConvertible {
    var description: String
}
