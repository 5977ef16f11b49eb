import Foundation

/// Where the next page of a query starts: the ordering values of the last model returned. Opaque;
/// pass it back as it came (``QueryCursor/token`` is a string form for URLs and APIs).
public struct QueryCursor: Sendable, Hashable {
    let values: [FirestoreValue]

    /// A string form, for an API's `pageToken`.
    public var token: String {
        Data(FirestoreJSON.data(for: .array(values))).base64EncodedString()
    }

    /// The cursor of a string from ``token``; nil if it is not one.
    public init?(token: String) {
        guard let data = Data(base64Encoded: token), case .array(let values)? = try? FirestoreJSON.value(from: data) else { return nil }
        self.values = values
    }

    init(values: [FirestoreValue]) { self.values = values }
}
