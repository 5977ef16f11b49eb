/// Every schema file of one set, with lookups across files.
///
/// A set is produced by ``SchemaLoader``; when its diagnostics hold no errors, every name
/// resolves and every rule of `docs/SchemaLanguage.md` holds.
public struct SchemaSet: Sendable {
    /// What a type name refers to.
    public enum Declaration: Sendable {
        /// An enum.
        case enumType(EnumDecl, file: String)
        /// An embedded type.
        case embedded(ModelDecl, file: String)
        /// A model.
        case model(ModelDecl, file: String)

        /// The file that declares it.
        public var file: String {
            switch self {
            case .enumType(_, let file), .embedded(_, let file), .model(_, let file): file
            }
        }

        /// Where its name is written.
        public var location: SourceLocation {
            switch self {
            case .enumType(let decl, _): decl.info.location
            case .embedded(let decl, _), .model(let decl, _): decl.info.location
            }
        }
    }

    /// The files, sorted by path.
    public private(set) var files: [SchemaFile]
    private var declarations: [String: Declaration] = [:]
    private var collectionsByName: [String: CollectionDecl] = [:]

    /// Creates a set; the first declaration of a duplicated name wins the lookups.
    public init(files: [SchemaFile]) {
        self.files = files.sorted { $0.path < $1.path }
        for file in self.files {
            for decl in file.enums where declarations[decl.info.name] == nil {
                declarations[decl.info.name] = .enumType(decl, file: file.path)
            }
            for decl in file.embeddedTypes where declarations[decl.info.name] == nil {
                declarations[decl.info.name] = .embedded(decl, file: file.path)
            }
            for decl in file.models where declarations[decl.info.name] == nil {
                declarations[decl.info.name] = .model(decl, file: file.path)
            }
            for decl in file.collections where collectionsByName[decl.info.name] == nil {
                collectionsByName[decl.info.name] = decl
            }
        }
    }

    /// The declaration a type name refers to.
    public func lookup(_ name: String) -> Declaration? { declarations[name] }

    /// The collection with the given name.
    public func collection(named name: String) -> CollectionDecl? { collectionsByName[name] }

    /// Every enum, in file order.
    public var enums: [EnumDecl] { files.flatMap(\.enums) }
    /// Every embedded type, in file order.
    public var embeddedTypes: [ModelDecl] { files.flatMap(\.embeddedTypes) }
    /// Every model, in file order.
    public var models: [ModelDecl] { files.flatMap(\.models) }
    /// Every collection, in file order.
    public var collections: [CollectionDecl] { files.flatMap(\.collections) }
    /// Every Redis keyspace, in file order.
    public var keyspaces: [KeyspaceDecl] { files.flatMap(\.keyspaces) }
}
