/// A generated Swift source file, as structure: rendering it is ``SwiftRenderer``'s job alone.
struct SwiftFile: Hashable, Sendable {
    /// The file's name, such as `Casefile+Canon.swift`.
    var name: String
    /// Line comments at the top (without `//`).
    var header: [String]
    /// Imported modules.
    var imports: [Import]
    /// Top-level declarations, in order.
    var declarations: [Declaration]
}

/// An `import` line.
struct Import: Hashable, Sendable {
    /// The module.
    var module: String
    /// The module's SPI group generated code may use (`@_spi(Generated)`), if any.
    var spi: String? = nil
}
