/// A YAML node with the position it was written at.
///
/// The loader keeps only what the schema language needs: scalars with their style (a quoted
/// `"1"` is a string, a plain `1` an integer), sequences, and mappings whose keys are strings.
public struct YAMLNode: Sendable {
    /// The node's content.
    public indirect enum Content: Sendable {
        /// A scalar and how it was written.
        case scalar(YAMLScalar)
        /// A sequence.
        case sequence([YAMLNode])
        /// A mapping with string keys, in document order.
        case mapping([YAMLMappingEntry])
    }

    /// The node's content.
    public var content: Content
    /// Where the node starts.
    public var location: SourceLocation
    /// Whether the loader dropped entries of this mapping (duplicate or non-string keys), so that
    /// later stages do not also complain that they are missing.
    public var droppedEntries = false

    /// Creates a node.
    public init(_ content: Content, at location: SourceLocation, droppedEntries: Bool = false) {
        self.content = content
        self.location = location
        self.droppedEntries = droppedEntries
    }
}

/// A scalar's text and style.
public struct YAMLScalar: Sendable, Hashable {
    /// How a scalar was written, which decides how it resolves.
    public enum Style: Sendable, Hashable {
        /// Unquoted: resolves to null, bool, int, float or string by the YAML 1.2 core schema.
        case plain
        /// Quoted, literal or folded, or tagged `!!str`: always a string.
        case string
    }

    /// The scalar's text after YAML escapes and folding.
    public var text: String
    /// How it resolves.
    public var style: Style
    /// Columns between the node's position and its text: 1 for a quoted scalar.
    public var contentOffset: Int

    /// Creates a scalar.
    public init(text: String, style: Style, contentOffset: Int = 0) {
        self.text = text
        self.style = style
        self.contentOffset = contentOffset
    }
}

/// One key and value of a mapping.
public struct YAMLMappingEntry: Sendable {
    /// The key.
    public var key: Located<String>
    /// The value.
    public var value: YAMLNode
}

extension YAMLNode {
    /// The entries when this node is a mapping.
    public var mappingEntries: [YAMLMappingEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// The items when this node is a sequence.
    public var sequenceItems: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The scalar when this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The value of `key` when this node is a mapping that has it.
    public subscript(key: String) -> YAMLNode? {
        mappingEntries?.first { $0.key.value == key }?.value
    }

    /// The node's value resolved by the YAML 1.2 core schema.
    public var constant: ConstantValue {
        switch content {
        case .scalar(let scalar): return scalar.resolved
        case .sequence(let items): return .array(items.map { Located($0.constant, at: $0.location) })
        case .mapping(let entries):
            return .map(entries.map { ConstantValue.MapEntry(key: $0.key, value: Located($0.value.constant, at: $0.value.location)) })
        }
    }

    /// A few words naming the node's kind, for messages (without resolving a whole subtree).
    public var kindDescription: String {
        switch content {
        case .scalar(let scalar): scalar.resolved.kindDescription
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}
