import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory generate-canon [--target NAME…]`:
/// writes generated sources into each target's own folder, for teams that commit them.
///
/// A target takes part when its folder holds schema files (`*.yaml`, `*.yml`); a
/// `canon-config.yaml` there configures the generator. Generated files land beside the schemas,
/// as `<schema>.canon.swift`.
@main
struct CanonCommandPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let names = extractor.extractOption(named: "target")
        let targets = names.isEmpty
            ? context.package.targets
            : try context.package.targets(named: names)
        let tool = try context.tool(named: "canon")
        var generated = 0
        for target in targets {
            guard let module = target.sourceModule else { continue }
            let inputs = CanonInputs(files: module.sourceFiles.map(\.url))
            guard !inputs.schemas.isEmpty else { continue }
            var toolArguments = ["generate", "--output", target.directoryURL.path(), "--source-root", context.package.directoryURL.path()]
            if let config = inputs.config { toolArguments += ["--config", config.path()] }
            toolArguments += CanonModules(target: target).arguments
            toolArguments += inputs.schemas.map { $0.path() }
            let process = Process()
            process.executableURL = tool.url
            process.arguments = toolArguments
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CommandError(message: "canon generate failed for target \(target.name) (exit status \(process.terminationStatus))")
            }
            generated += 1
        }
        if generated == 0 {
            Diagnostics.warning("no target has schema files; nothing was generated")
        }
    }
}

struct CommandError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
