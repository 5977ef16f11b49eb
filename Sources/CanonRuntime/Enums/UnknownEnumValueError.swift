/// A stored raw value that a closed enum does not know.
public struct UnknownEnumValueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The enum's name.
    public var typeName: String
    /// The raw value found, as text.
    public var rawValue: String
    /// Where in the decoded value it was found.
    public var codingPath: String

    /// Creates an error.
    public init(typeName: String, rawValue: String, codingPath: [any CodingKey]) {
        self.typeName = typeName
        self.rawValue = rawValue
        self.codingPath = codingPath.map(\.stringValue).joined(separator: ".")
    }

    public var description: String {
        "'\(rawValue)' is not a value of \(typeName)" + (codingPath.isEmpty ? "" : " (at \(codingPath))")
    }
}
