/// Bounds the loader enforces so that a hostile or broken file cannot exhaust memory or stack.
public struct YAMLLimits: Sendable, Hashable {
    /// The largest file accepted, in bytes.
    public var maxFileBytes: Int
    /// How many nodes alias expansion may add in one file (stops "billion laughs").
    public var maxAliasExpansion: Int
    /// How deeply collections may nest.
    public var maxDepth: Int

    /// Creates limits.
    public init(maxFileBytes: Int, maxAliasExpansion: Int, maxDepth: Int) {
        self.maxFileBytes = maxFileBytes
        self.maxAliasExpansion = maxAliasExpansion
        self.maxDepth = maxDepth
    }

    /// 4 MiB, 10,000 expanded nodes, 64 levels: far above any real schema.
    public static let `default` = YAMLLimits(maxFileBytes: 4 << 20, maxAliasExpansion: 10_000, maxDepth: 64)
}
