import CanonSchema

/// What to generate and how, from a small YAML file (`canon-config.yaml`) or defaults.
///
/// ```yaml
/// access: public          # public | package | internal (default)
/// imports: [MyHelpers]    # extra modules every generated file imports
/// generate: [models, repositories]   # the parts to generate
/// ```
public struct GeneratorConfig: Sendable, Hashable {
    /// The parts the generator can write.
    public enum Part: String, Sendable, Hashable, CaseIterable {
        /// `Codable` models, embedded types and enums.
        case models
        /// A typed Firestore repository per collection (needs `models`).
        case repositories
    }

    /// The access level of generated declarations.
    public var access: AccessLevel
    /// Extra modules every generated file imports.
    public var imports: [String]
    /// The parts to generate.
    public var parts: Set<Part>

    /// Creates a configuration.
    public init(access: AccessLevel = .internal, imports: [String] = [], parts: Set<Part> = Set(Part.allCases)) {
        self.access = access
        self.imports = imports
        self.parts = parts
    }

    static let keys: Set<String> = ["access", "imports", "generate"]

    /// Reads a configuration file, reporting every problem with its location.
    public static func load(_ bytes: [UInt8], file: String) -> (GeneratorConfig?, [Diagnostic]) {
        let yaml = YAMLLoader().load(bytes, file: file)
        guard let root = yaml.root else { return (nil, yaml.diagnostics) }
        var reader = NodeReader()
        var config = GeneratorConfig()
        guard let entries = reader.mapping(root, "the generator configuration", allowed: keys) else {
            return (nil, yaml.diagnostics + reader.diagnostics.all)
        }
        if let entry = entries["access"], let text = reader.string(entry.value, "'access'") {
            if let level = AccessLevel(rawValue: text.value), level != .private {
                config.access = level
            } else {
                reader.diagnostics.error(.wrongValueKind, "'access' must be public, package or internal, not '\(text.value)'",
                                         at: text.location)
            }
        }
        if let entry = entries["imports"] {
            config.imports = reader.stringList(entry.value, "'imports'").map(\.value)
        }
        if let entry = entries["generate"] {
            var parts: Set<Part> = []
            for name in reader.stringList(entry.value, "'generate'") {
                if let part = Part(rawValue: name.value) {
                    parts.insert(part)
                } else {
                    reader.diagnostics.error(.wrongValueKind, "unknown part '\(name.value)'", at: name.location,
                                             suggestion: "use one of \(Part.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
            if parts.contains(.repositories), !parts.contains(.models) {
                reader.diagnostics.error(.wrongValueKind, "'repositories' needs 'models': repositories store the generated models",
                                         at: entry.value.location, suggestion: "generate [models, repositories]")
            }
            config.parts = parts
        }
        let diagnostics = yaml.diagnostics + reader.diagnostics.all
        return (diagnostics.contains { $0.severity == .error } ? nil : config, diagnostics)
    }
}
