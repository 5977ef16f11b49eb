import Foundation

/// A target's schema files and configuration, and the names of the files `canon generate`
/// writes for them. Plugins cannot import the generator, so this mirrors
/// `CanonCodegen.OutputFileNames`; a build that disagrees fails, because SwiftPM then misses a
/// declared output.
struct CanonInputs {
    static let configNames: Set<String> = ["canon-config.yaml", "canon-config.yml"]

    /// The schema files, sorted by path.
    var schemas: [URL]
    /// The generator configuration, if the target has one.
    var config: URL?

    init(files: [URL]) {
        let yaml = files.filter { ["yaml", "yml"].contains($0.pathExtension) }
        schemas = yaml.filter { !Self.configNames.contains($0.lastPathComponent) }.sorted { $0.path() < $1.path() }
        config = yaml.first { Self.configNames.contains($0.lastPathComponent) }
    }

    /// `casefile.yaml` → `casefile.canon.swift`, plus the schema set's support file.
    var outputNames: [String] {
        schemas.map { $0.deletingPathExtension().lastPathComponent + ".canon.swift" } + ["CanonSchemaSet.canon.swift"]
    }
}
