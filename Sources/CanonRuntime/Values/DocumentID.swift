/// The ID of a document of `Model`: a typed string, so a casefile's ID cannot be passed where a
/// session's is expected.
///
/// Encodes to plain JSON as its string. The Firestore coder takes it from the document's name
/// instead of the document's fields.
public struct DocumentID<Model>: RawRepresentable, Sendable, Hashable, Comparable, StringCoded, CustomStringConvertible,
    ExpressibleByStringLiteral, AnyDocumentID
{
    /// The ID as Firestore stores it.
    public let rawValue: String

    /// Wraps an ID.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Wraps an ID.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    /// The ID of a model not stored yet: `create` names the document as its collection's ID
    /// strategy says. Generated initializers default to it.
    public static var unassigned: Self { Self(rawValue: "") }

    /// Whether the ID names a document (it is not ``unassigned``).
    public var isAssigned: Bool { !rawValue.isEmpty }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init?(codedString: String) { self.rawValue = codedString }

    public var codedString: String { rawValue }

    // Stated explicitly: `RawRepresentable` and `StringCoded` both offer a default.
    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// What the Firestore coder needs of any ``DocumentID``, whatever its model: the ID comes from
/// the document's name, never from its fields.
public protocol AnyDocumentID {
    /// The ID as Firestore stores it.
    var rawValue: String { get }
    /// Wraps an ID.
    init(rawValue: String)
}
