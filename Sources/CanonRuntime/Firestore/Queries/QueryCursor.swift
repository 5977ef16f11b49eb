import Foundation

/// Where the next page of a query starts: just after the last model returned, named by its
/// document and the values it has at the fields the query orders by. Opaque; pass it back as it
/// came (``QueryCursor/token`` is a string form for URLs and APIs).
public struct QueryCursor: Sendable, Hashable {
    /// The last document's name and its fields at the query's ordering.
    let document: FirestoreDocument

    /// A string form, for an API's `pageToken`.
    public var token: String {
        FirestoreJSON.data(for: document).base64EncodedString()
    }

    /// The cursor of a string from ``token``; nil if it is not one.
    public init?(token: String) {
        guard let data = Data(base64Encoded: token), let document = try? FirestoreJSON.document(from: data), document.name != nil else { return nil }
        self.document = document
    }

    /// The cursor after `document` in a query ordered by `ordering`: only the fields it orders
    /// by are kept.
    init(after document: FirestoreDocument, ordering: [FieldPath]) {
        var fields: [String: FirestoreValue] = [:]
        for path in ordering {
            if let value = document.fields.value(at: path) { fields.setValue(value, at: path) }
        }
        self.document = FirestoreDocument(name: document.name, fields: fields)
    }
}
