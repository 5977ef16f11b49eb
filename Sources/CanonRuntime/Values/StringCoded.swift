/// A runtime value that is one string in plain JSON (timestamps, bytes, IDs, references); the
/// Firestore coder writes each as its own Firestore kind instead.
public protocol StringCoded: Codable {
    /// The value from its string form; nil when the string is malformed.
    init?(codedString: String)
    /// The string form.
    var codedString: String { get }
}

extension StringCoded {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(codedString: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a valid \(Self.self)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(codedString)
    }
}
