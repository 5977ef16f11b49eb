import Foundation

/// Where schema files come from: the disk, or memory in tests.
public struct SchemaSource: Sendable {
    /// Reads a file's bytes.
    public var read: @Sendable (String) throws(SchemaInputError) -> [UInt8]
    /// Lists the schema files a path names: itself if a file, else the `.yaml`/`.yml` files below it.
    public var list: @Sendable (String) throws(SchemaInputError) -> [String]

    /// Creates a source from two functions.
    public init(
        read: @escaping @Sendable (String) throws(SchemaInputError) -> [UInt8],
        list: @escaping @Sendable (String) throws(SchemaInputError) -> [String]
    ) {
        self.read = read
        self.list = list
    }

    /// Files in memory, keyed by path.
    public static func memory(_ files: [String: String]) -> SchemaSource {
        SchemaSource(
            read: { path throws(SchemaInputError) in
                guard let text = files[path] else { throw .notFound(path: path) }
                return Array(text.utf8)
            },
            list: { path throws(SchemaInputError) in
                if files[path] != nil { return [path] }
                let prefix = path.hasSuffix("/") ? path : path + "/"
                let found = files.keys.filter { $0.hasPrefix(prefix) && isSchemaFile($0) }.sorted()
                guard !found.isEmpty else { throw .notFound(path: path) }
                return found
            })
    }

    /// The file system.
    public static let disk = SchemaSource(
        read: { path throws(SchemaInputError) in
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw .notFound(path: path)
            }
            guard !isFolder.boolValue else { throw .unreadable(path: path, reason: "it is a folder") }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .unreadable(path: path, reason: "permission denied or I/O error")
            }
            return [UInt8](data)
        },
        list: { path throws(SchemaInputError) in
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw .notFound(path: path)
            }
            guard isFolder.boolValue else { return [path] }
            guard let enumerator = FileManager.default.enumerator(atPath: path) else {
                throw .unreadable(path: path, reason: "cannot list the folder")
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                if isSchemaFile(relative) { found.append(path.hasSuffix("/") ? path + relative : path + "/" + relative) }
            }
            guard !found.isEmpty else { throw .noSchemaFiles(path: path) }
            return found.sorted()
        })

    /// The name of the generator's configuration file, which sits beside schemas but is not one.
    public static let configFileNames: Set<String> = ["canon-config.yaml", "canon-config.yml"]

    /// The file system below `root`, with paths given and reported relative to it, so that
    /// diagnostics and generated comments do not depend on where the files live.
    public static func disk(root: String) -> SchemaSource {
        let base = root.hasSuffix("/") ? root : root + "/"
        return SchemaSource(
            read: { path throws(SchemaInputError) in try disk.read(base + path) },
            list: { path throws(SchemaInputError) in
                try disk.list(base + path).map { $0.hasPrefix(base) ? String($0.dropFirst(base.count)) : $0 }
            })
    }

    static func isSchemaFile(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return (path.hasSuffix(".yaml") || path.hasSuffix(".yml")) && !configFileNames.contains(name)
    }
}
