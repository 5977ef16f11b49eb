/// An open enum: values this version does not know decode as `.unknown` and are written back unchanged.
///
/// - Remark: Generated from `translateEnum-open-int.yaml:3`.
public enum Level: Swift.Sendable, Swift.Hashable, Swift.Codable, Swift.RawRepresentable {
    /// - Remark: Generated from `translateEnum-open-int.yaml:6`.
    case low

    /// - Remark: Generated from `translateEnum-open-int.yaml:6`.
    case high

    /// A value this version of the schema does not know, kept as stored so that it round-trips.
    case unknown(Swift.Int)

    /// Maps a stored raw value to its case, or to `unknown`.
    public init(rawValue: Swift.Int) {
        switch rawValue {
        case 1:
            self = .low
        case 10:
            self = .high
        default:
            self = .unknown(rawValue)
        }
    }

    /// The stored raw value.
    public var rawValue: Swift.Int {
        switch self {
        case .low:
            1
        case .high:
            10
        case .unknown(let rawValue):
            rawValue
        }
    }

    /// The values this version of the schema knows.
    public static let knownCases: [Self] = [.low, .high]

    public init(from decoder: any Swift.Decoder) throws {
        let container = try decoder.singleValueContainer()
        let rawValue = try container.decode(Swift.Int.self)
        self = Self(rawValue: rawValue)
    }

    public func encode(to encoder: any Swift.Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
