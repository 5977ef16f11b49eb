import Foundation

/// Writes generated files into a folder, touching only files whose contents change, so that
/// an unchanged schema never triggers a recompile.
public struct OutputWriter: Sendable {
    /// The folder.
    public var folder: String
    /// Whether to delete `*.canon.swift` files in the folder that the generator no longer makes
    /// (a schema file was removed or renamed).
    public var removesStaleFiles: Bool

    /// Creates a writer.
    public init(folder: String, removesStaleFiles: Bool) {
        self.folder = folder
        self.removesStaleFiles = removesStaleFiles
    }

    /// What a write did.
    public struct Summary: Sendable, Hashable {
        /// Files written because they were new or changed.
        public var written: [String] = []
        /// Files left alone because they were already up to date.
        public var unchanged: [String] = []
        /// Stale files removed.
        public var removed: [String] = []
    }

    /// Writes `files`; each is replaced atomically.
    public func write(_ files: [GeneratedFile]) throws -> Summary {
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var summary = Summary()
        for file in files {
            if try Self.writeIfChanged(file.contents, to: folder + "/" + file.name) {
                summary.written.append(file.name)
            } else {
                summary.unchanged.append(file.name)
            }
        }
        if removesStaleFiles {
            let keep = Set(files.map(\.name))
            for name in try manager.contentsOfDirectory(atPath: folder).sorted()
            where name.hasSuffix(OutputFileNames.suffix) && !keep.contains(name) {
                try manager.removeItem(atPath: folder + "/" + name)
                summary.removed.append(name)
            }
        }
        return summary
    }

    /// Writes `text` to `path` atomically unless the file already holds exactly these bytes, so
    /// that its modification time (and whatever a build derives from it) changes only with them.
    ///
    /// - Returns: whether the file was written.
    public static func writeIfChanged(_ text: String, to path: String) throws -> Bool {
        let data = Data(text.utf8)
        if FileManager.default.contents(atPath: path) == data { return false }
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        return true
    }
}
