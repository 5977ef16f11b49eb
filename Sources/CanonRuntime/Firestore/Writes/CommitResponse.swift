/// What a commit answers: a result per write, and when it happened.
public struct CommitResponse: Sendable, Hashable {
    /// The result of one write.
    public struct WriteResult: Sendable, Hashable {
        /// The document's update time after the write.
        public var updateTime: Timestamp?
        /// The values of server transforms, in order.
        public var transformResults: [FirestoreValue]?

        /// Creates a result.
        public init(updateTime: Timestamp? = nil, transformResults: [FirestoreValue]? = nil) {
            self.updateTime = updateTime
            self.transformResults = transformResults
        }
    }

    /// One result per write, in order.
    public var writeResults: [WriteResult]?
    /// When the commit happened.
    public var commitTime: Timestamp?

    /// Creates a response.
    public init(writeResults: [WriteResult]? = nil, commitTime: Timestamp? = nil) {
        self.writeResults = writeResults
        self.commitTime = commitTime
    }
}
