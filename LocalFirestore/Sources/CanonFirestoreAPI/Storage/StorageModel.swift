import CanonRuntime

/// A document's content at one version.
struct StoredDocument: Sendable, Equatable {
    var fields: [String: FirestoreValue]
    var createTime: Timestamp
    var updateTime: Timestamp
}

/// Every version of one document still readable, oldest first; `nil` marks a deletion.
struct DocumentRecord: Sendable {
    var versions: [(time: Timestamp, document: StoredDocument?)]

    var latest: StoredDocument? { versions.last?.document ?? nil }

    /// The document as it was at `time`.
    func document(at time: Timestamp?) -> StoredDocument? {
        guard let time else { return latest }
        for version in versions.reversed() where version.time <= time { return version.document }
        return nil
    }

    /// Drops versions nobody can read any more: those replaced before `horizon`.
    mutating func prune(before horizon: Timestamp) {
        var keepFrom = 0
        for index in versions.indices.dropLast() where versions[index + 1].time <= horizon { keepFrom = index + 1 }
        if keepFrom > 0 { versions.removeFirst(keepFrom) }
    }
}

/// One database: its documents and, per collection, the IDs ever written there.
struct DatabaseState: Sendable {
    var documents: [DocumentPath: DocumentRecord] = [:]
    /// Collection path (parent segments + collection ID) → document IDs.
    private(set) var collections: [[String]: Set<String>] = [:]
    /// The same IDs in name order, sorted when a collection is first listed after its set changed,
    /// so that paging through a large collection does not sort it for every page.
    private var sortedIDs: [[String]: [String]] = [:]

    /// A collection's document IDs in name order.
    mutating func idsInNameOrder(_ collection: [String]) -> [String] {
        if let sorted = sortedIDs[collection] { return sorted }
        let sorted = (collections[collection] ?? []).sortedByBytes()
        sortedIDs[collection] = sorted
        return sorted
    }

    mutating func append(_ document: StoredDocument?, at time: Timestamp, for path: DocumentPath) {
        if documents[path] == nil {
            documents[path] = DocumentRecord(versions: [])
            collections[path.parent + [path.collectionID], default: []].insert(path.id)
            sortedIDs[path.parent + [path.collectionID]] = nil
        }
        documents[path]!.versions.append((time, document))
    }

    /// Applies a commit's changes, dropping versions nobody can read any more.
    mutating func apply(_ changes: [(path: DocumentPath, document: StoredDocument?)], at time: Timestamp, pruningBefore horizon: Timestamp?) {
        for change in changes {
            append(change.document, at: time, for: change.path)
            if let horizon { documents[change.path]!.prune(before: horizon) }
        }
    }

    /// Drops, across the whole database, versions nobody can read any more, and forgets documents
    /// whose only readable state is a deletion. Commits prune only what they write, so without
    /// this a document written once and deleted would stay in memory for good.
    mutating func sweep(before horizon: Timestamp) {
        for path in Array(documents.keys) {
            documents[path]!.prune(before: horizon)
            let versions = documents[path]!.versions
            guard versions.count == 1, versions[0].document == nil, versions[0].time <= horizon else { continue }
            documents[path] = nil
            let collection = path.parent + [path.collectionID]
            collections[collection]?.remove(path.id)
            sortedIDs[collection] = nil
            if collections[collection]?.isEmpty == true { collections[collection] = nil }
        }
    }
}

/// An open transaction.
struct TransactionState: Sendable {
    var database: DatabaseName
    var readOnly: Bool
    /// Read-only transactions read at this time.
    var readTime: Timestamp?
    /// Read-write transactions: the version each document read had (nil: it did not exist).
    var reads: [DocumentPath: Timestamp?] = [:]
    /// Read-write transactions: queries run, re-checked at commit so phantoms abort too.
    var queries: [(parent: [String], query: Query, order: [Query.Order], result: [DocumentPath: Timestamp])] = []
    var started: ContinuousClock.Instant
    var lastUsed: ContinuousClock.Instant
}
