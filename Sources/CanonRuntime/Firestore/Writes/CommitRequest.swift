/// A Firestore `CommitRequest`.
public struct CommitRequest: Sendable, Hashable {
    /// `projects/{project}/databases/{database}`.
    public var database: String
    /// The writes, applied in order, atomically.
    public var writes: [Write]
    /// The transaction to commit, if any (base64).
    public var transaction: String?

    /// Creates a request.
    public init(database: String, writes: [Write], transaction: String? = nil) {
        self.database = database
        self.writes = writes
        self.transaction = transaction
    }
}
