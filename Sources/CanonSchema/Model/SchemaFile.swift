/// One schema file, as declared.
public struct SchemaFile: Sendable {
    /// The path as the user or an import named it.
    public var path: String
    /// The library module the file belongs to when it was reached through a module import
    /// (`{module: CanonicalModels, file: casefile.yaml}`): its declarations are that module's
    /// Swift types, which generated code uses and never generates again. Nil for the run's own
    /// files.
    public var module: String?
    /// The `schema:` version.
    public var version: Int
    /// The file's `doc:` string.
    public var doc: String?
    /// Imported files, as written, with the paths they resolve to.
    public var imports: [Import]
    /// Enums, in file order.
    public var enums: [EnumDecl]
    /// Embedded types (`types:`), in file order.
    public var embeddedTypes: [ModelDecl]
    /// Models (`models:`), in file order.
    public var models: [ModelDecl]
    /// Collections, in file order.
    public var collections: [CollectionDecl]
    /// Redis keyspaces (`redis:`), in file order.
    public var keyspaces: [KeyspaceDecl]

    /// An `imports:` entry.
    public struct Import: Sendable, Hashable {
        /// As written: the path, or for a module import the file within the module.
        public var written: Located<String>
        /// The path it resolves to: relative to the importing file's folder, or for a module
        /// import to the module's schema folder (the loader fills it in).
        public var resolvedPath: String
        /// The library module a module import names (`module:`); nil for a path.
        public var module: Located<String>?
    }

    /// Creates an empty file.
    public init(path: String) {
        self.path = path
        self.version = 1
        self.imports = []
        self.enums = []
        self.embeddedTypes = []
        self.models = []
        self.collections = []
        self.keyspaces = []
    }
}
