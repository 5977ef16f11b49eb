/// A file the generator produced, in memory.
public struct GeneratedFile: Sendable, Hashable {
    /// The file name, unique within the output folder.
    public var name: String
    /// The full contents.
    public var contents: String
}
