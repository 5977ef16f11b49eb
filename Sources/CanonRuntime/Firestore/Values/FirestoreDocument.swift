/// A Firestore `Document` as the REST API v1 sends and receives it.
public struct FirestoreDocument: Sendable, Hashable {
    /// The resource name: `projects/{p}/databases/{d}/documents/{path}`.
    public var name: String?
    /// The fields.
    public var fields: [String: FirestoreValue]
    /// When the document was created (set by the server).
    public var createTime: Timestamp?
    /// When the document was last changed (set by the server).
    public var updateTime: Timestamp?

    /// Creates a document.
    public init(name: String? = nil, fields: [String: FirestoreValue] = [:], createTime: Timestamp? = nil, updateTime: Timestamp? = nil) {
        self.name = name
        self.fields = fields
        self.createTime = createTime
        self.updateTime = updateTime
    }

    /// The last segment of the name: the document's ID.
    public var documentID: String? {
        name.map { String($0.split(separator: "/").last ?? "") }
    }
}
