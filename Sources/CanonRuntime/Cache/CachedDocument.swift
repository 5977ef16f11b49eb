import Foundation

/// What a read-through cache entry holds: a document as Firestore's REST API returns it, the
/// knowledge that there is none (a negative entry), or a reader's lease (a claim to fill the
/// entry, see ``CollectionCache``).
///
/// The format, one for every cache: a first byte naming the kind, then
/// - for a document, its proto3 JSON as ``FirestoreJSON`` writes it (`name`, `fields`,
///   `createTime`, `updateTime`);
/// - for a lease, its 16 random bytes.
///
/// Bytes that do not read back (another format, a cut value) are a miss, never an error.
public enum CachedDocument: Sendable, Hashable {
    /// The document as read.
    case document(FirestoreDocument)
    /// The document does not exist.
    case missing
    /// A reader is loading the document and may store it while this lease stands.
    case lease([UInt8])

    /// The format's version, part of every key (``CacheKeys``): a new format gets new keys.
    public static let formatVersion = 1

    static let missingTag: UInt8 = 0
    static let documentTag: UInt8 = 1
    static let leaseTag: UInt8 = 2
    static let leaseLength = 16

    /// A new lease with a random token.
    static func newLease() -> CachedDocument {
        var generator = SystemRandomNumberGenerator()
        return .lease((0..<leaseLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// The entry's bytes.
    public var bytes: [UInt8] {
        switch self {
        case .missing: [Self.missingTag]
        case .lease(let token): [Self.leaseTag] + token
        case .document(let document): [Self.documentTag] + FirestoreJSON.data(for: document)
        }
    }

    /// Reads an entry; nil for bytes that are not one.
    public init?(bytes: [UInt8]) {
        guard let tag = bytes.first else { return nil }
        switch tag {
        case Self.missingTag where bytes.count == 1:
            self = .missing
        case Self.leaseTag where bytes.count == 1 + Self.leaseLength:
            self = .lease(Array(bytes.dropFirst()))
        case Self.documentTag:
            guard let document = try? FirestoreJSON.document(from: Data(bytes.dropFirst())) else { return nil }
            self = .document(document)
        default:
            return nil
        }
    }
}
