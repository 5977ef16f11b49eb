import Foundation
import PackagePlugin

/// Generates Swift from a target's schema files at build time by running `canon generate`.
///
/// Every `*.yaml`/`*.yml` file in the target is a schema, except `canon-config.yaml`, which
/// configures the generator. The schemas of the target's dependencies that have them can be
/// imported (`CanonModules`). The plugin declares every input (the schemas, the configuration,
/// the `canon` tool itself) and every output, so SwiftPM runs it exactly when one changes.
@main
struct CanonPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target.sourceModule else { return [] }
        let inputs = CanonInputs(files: module.sourceFiles.map(\.url))
        guard !inputs.schemas.isEmpty else {
            // Most likely the schemas sit in another folder, or have another extension.
            Diagnostics.warning("CanonPlugin: target '\(target.name)' has no schema files (*.yaml or *.yml in \(module.directoryURL.path())); nothing is generated")
            return []
        }
        let tool = try context.tool(named: "canon")
        let output = context.pluginWorkDirectoryURL.appending(path: "GeneratedSources")
        var arguments = ["generate", "--imports-only-inputs", "--output", output.path(), "--source-root", context.package.directoryURL.path()]
        if let config = inputs.config { arguments += ["--config", config.path()] }
        // The schemas of the libraries the target depends on, which its schemas may import.
        let modules = CanonModules(target: target)
        arguments += modules.arguments
        arguments += inputs.schemas.map { $0.path() }
        return [
            .buildCommand(
                displayName: "Generating Swift from \(inputs.schemas.count) schema file(s) of \(target.name)",
                executable: tool.url,
                arguments: arguments,
                inputFiles: inputs.schemas + (inputs.config.map { [$0] } ?? []) + modules.files + [tool.url],
                outputFiles: inputs.outputNames.map { output.appending(path: $0) }
            ),
        ]
    }
}
