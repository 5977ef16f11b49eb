import Foundation
import PackagePlugin

/// The library modules whose schemas a target's schemas may import
/// (`{module: CanonicalModels, file: casefile.yaml}`): every dependency of the target, direct or
/// not, that has schema files. A library built by CanonPlugin has them among its own sources; a
/// library generated ahead of time (CanonicalModels, from `Generated/`) names their folder in a
/// `canon-module.yaml` in its own folder (`schemas: ../Schemas`). The command plugin keeps a
/// copy of this file: plugins cannot share code.
struct CanonModules {
    /// One library module: its Swift name, the folder its imports resolve in, its schema files.
    struct Module {
        var name: String
        var folder: URL
        var files: [URL]
    }

    static let manifestName = "canon-module.yaml"

    var modules: [Module] = []

    init(target: Target) {
        for dependency in target.recursiveTargetDependencies {
            guard let module = dependency.sourceModule else { continue }
            let own = CanonInputs(files: module.sourceFiles.map(\.url)).schemas
            if !own.isEmpty {
                modules.append(Module(name: module.moduleName, folder: module.directoryURL, files: own))
            } else if let folder = Self.manifestFolder(in: module.directoryURL) {
                modules.append(Module(name: module.moduleName, folder: folder, files: Self.schemaFiles(in: folder)))
            }
        }
    }

    /// `--module NAME=FOLDER` for each module.
    var arguments: [String] { modules.flatMap { ["--module", "\($0.name)=\($0.folder.path())"] } }

    /// Every module's schema files: inputs of the build command, so a change regenerates.
    var files: [URL] { modules.flatMap(\.files) }

    /// The folder a `canon-module.yaml` names (its one key, `schemas:`, a path relative to it).
    static func manifestFolder(in directory: URL) -> URL? {
        let manifest = directory.appending(path: manifestName)
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else { return nil }
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("schemas:") else { continue }
            var value = trimmed.dropFirst("schemas:".count).split(separator: "#", maxSplits: 1).first.map(String.init) ?? ""
            value = value.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            return value.isEmpty ? nil : directory.appending(path: value).standardizedFileURL
        }
        return nil
    }

    /// The `*.yaml`/`*.yml` files below a folder, sorted.
    static func schemaFiles(in folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        let files = walker.compactMap { $0 as? URL }
        return CanonInputs(files: files).schemas
    }
}
