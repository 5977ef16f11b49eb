/// A Firestore `Document` as the REST API v1 sends and receives it.
public struct FirestoreDocument: Sendable, Hashable, Codable {
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

    private enum CodingKeys: String, CodingKey {
        case name, fields, createTime, updateTime
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        fields = try container.decodeIfPresent([String: FirestoreValue].self, forKey: .fields) ?? [:]
        createTime = try container.decodeIfPresent(Timestamp.self, forKey: .createTime)
        updateTime = try container.decodeIfPresent(Timestamp.self, forKey: .updateTime)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(name, forKey: .name)
        if !fields.isEmpty { try container.encode(fields, forKey: .fields) }
        try container.encodeIfPresent(createTime, forKey: .createTime)
        try container.encodeIfPresent(updateTime, forKey: .updateTime)
    }

    /// The last segment of the name: the document's ID.
    public var documentID: String? {
        name.map { String($0.split(separator: "/").last ?? "") }
    }
}
