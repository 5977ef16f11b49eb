import CanonRuntime
import Foundation
import Synchronization

/// All data of a server: every database, its document versions and its open transactions.
///
/// One lock guards it; every method runs start to end under it, so a commit is atomic and
/// reads see whole commits. Durable stores write each commit to the log before it is applied.
final class Store: Sendable {
    struct State: Sendable {
        var databases: [DatabaseName: DatabaseState] = [:]
        var transactions: [[UInt8]: TransactionState] = [:]
        var lastTime = Timestamp(seconds: 0)
        var transactionCounter: UInt64 = 0
        var commitsSinceSweep = 0
    }

    /// How long old versions stay readable (`readTime`, read-only transactions).
    static let versionRetention: Int64 = 3_600  // seconds
    /// Commits between sweeps of every database (``DatabaseState/sweep(before:)``): rare enough
    /// that a sweep, which visits every document, costs each commit little.
    static let commitsPerSweep = 10_000
    static let transactionIdleLimit: Duration = .seconds(60)
    static let transactionLifetime: Duration = .seconds(270)

    let state: Mutex<State>
    let log: WriteAheadLog?

    init(log: WriteAheadLog? = nil, recovered: [DatabaseName: DatabaseState] = [:]) {
        var initial = State()
        initial.databases = recovered
        for database in recovered.values {
            for record in database.documents.values {
                if let last = record.versions.last, last.time > initial.lastTime { initial.lastTime = last.time }
            }
        }
        state = Mutex(initial)
        self.log = log
    }

    // MARK: Time

    static func microseconds(_ time: Timestamp) -> Timestamp {
        Timestamp(seconds: time.seconds, nanoseconds: time.nanoseconds / 1_000 * 1_000)
    }

    /// A commit time: microseconds, strictly after every earlier one.
    static func nextCommitTime(_ state: inout State) -> Timestamp {
        var time = microseconds(Timestamp.now())
        if time <= state.lastTime { time = Timestamp(seconds: state.lastTime.seconds, nanoseconds: state.lastTime.nanoseconds + 1_000) }
        state.lastTime = time
        return time
    }

    /// A read time: now, and never before the last commit.
    static func readTime(_ state: State) -> Timestamp {
        let now = microseconds(Timestamp.now())
        return now > state.lastTime ? now : state.lastTime
    }

    static func checkReadTime(_ time: Timestamp, _ state: State) throws(RPCError) {
        let now = readTime(state)
        if time > now { throw RPCError.invalid("readTime \(time) is in the future.") }
        let oldest = Timestamp(seconds: now.seconds - versionRetention, nanoseconds: now.nanoseconds)
        if time < oldest {
            throw RPCError(.failedPrecondition, "readTime \(time) is older than one hour; this server keeps versions for one hour.")
        }
    }

    /// Releases the data directory.
    func close() {
        state.withLock { _ in log?.close() }
    }

    // MARK: Reset

    func reset(_ database: DatabaseName) throws(RPCError) {
        try state.withLock { state throws(RPCError) in
            try log?.append(.clear(database))
            state.databases[database] = nil
            state.transactions = state.transactions.filter { $0.value.database != database }
        }
    }

    func resetAll() throws(RPCError) {
        try state.withLock { state throws(RPCError) in
            try log?.append(.clearAll)
            state.databases = [:]
            state.transactions = [:]
        }
    }

    // MARK: Transactions

    func beginTransaction(_ database: DatabaseName, options: TransactionOptions) throws(RPCError) -> [UInt8] {
        try state.withLock { state throws(RPCError) in try Self.begin(&state, database, options) }
    }

    static func begin(_ state: inout State, _ database: DatabaseName, _ options: TransactionOptions) throws(RPCError) -> [UInt8] {
        let now = ContinuousClock.now
        state.transactions = state.transactions.filter { !isExpired($0.value, now: now) }
        if let readTime = options.readTime { try checkReadTime(readTime, state) }
        state.transactionCounter += 1
        var id = withUnsafeBytes(of: state.transactionCounter.bigEndian) { Array($0) }
        id += (0..<8).map { _ in UInt8.random(in: 0...255) }
        state.transactions[id] = TransactionState(
            database: database, readOnly: options.readOnly,
            readTime: options.readOnly ? (options.readTime ?? readTime(state)) : nil,
            started: now, lastUsed: now)
        return id
    }

    static func isExpired(_ transaction: TransactionState, now: ContinuousClock.Instant) -> Bool {
        now - transaction.lastUsed > transactionIdleLimit || now - transaction.started > transactionLifetime
    }

    /// The open transaction `id` of `database`, touched.
    static func transaction(_ state: inout State, _ id: [UInt8], _ database: DatabaseName) throws(RPCError) -> TransactionState {
        let now = ContinuousClock.now
        guard var transaction = state.transactions[id], transaction.database == database, !isExpired(transaction, now: now) else {
            state.transactions[id] = nil
            throw RPCError.invalid("The referenced transaction has expired or is no longer valid.")
        }
        transaction.lastUsed = now
        state.transactions[id] = transaction
        return transaction
    }

    func rollback(_ database: DatabaseName, id: [UInt8]) throws(RPCError) {
        try state.withLock { state throws(RPCError) in
            _ = try Self.transaction(&state, id, database)
            state.transactions[id] = nil
        }
    }

    // MARK: Reads

    /// Resolves how a read sees data: the time to read at (nil: now), the transaction to record
    /// reads in, and a transaction begun for this read.
    static func readView(_ state: inout State, _ database: DatabaseName, _ consistency: ReadConsistency) throws(RPCError)
        -> (time: Timestamp?, recordIn: [UInt8]?, begun: [UInt8]?) {
        switch consistency {
        case .current:
            return (nil, nil, nil)
        case .readTime(let time):
            try checkReadTime(time, state)
            return (time, nil, nil)
        case .transaction(let id):
            let transaction = try transaction(&state, id, database)
            return transaction.readOnly ? (transaction.readTime, nil, nil) : (nil, id, nil)
        case .newTransaction(let options):
            let id = try begin(&state, database, options)
            let transaction = state.transactions[id]!
            return transaction.readOnly ? (transaction.readTime, nil, id) : (nil, id, id)
        }
    }

    static func snapshot(_ path: DocumentPath, _ stored: StoredDocument) -> DocumentSnapshot {
        DocumentSnapshot(path: path, fields: stored.fields, createTime: stored.createTime, updateTime: stored.updateTime)
    }

    struct ReadResult: Sendable {
        var documents: [(path: DocumentPath, document: DocumentSnapshot?)]
        var readTime: Timestamp
        var transaction: [UInt8]?
    }

    /// Reads documents, in the order asked.
    func read(_ database: DatabaseName, paths: [DocumentPath], consistency: ReadConsistency) throws(RPCError) -> ReadResult {
        try state.withLock { state throws(RPCError) in
            let view = try Self.readView(&state, database, consistency)
            let records = state.databases[database]?.documents ?? [:]
            var results: [(path: DocumentPath, document: DocumentSnapshot?)] = []
            results.reserveCapacity(paths.count)
            for path in paths {
                let stored = records[path]?.document(at: view.time)
                results.append((path, stored.map { Self.snapshot(path, $0) }))
                // The first read counts: a later read must not hide a change seen in between.
                if let id = view.recordIn, state.transactions[id]?.reads.index(forKey: path) == nil {
                    state.transactions[id]?.reads[path] = .some(stored?.updateTime)
                }
            }
            return ReadResult(documents: results, readTime: view.time ?? Self.readTime(state), transaction: view.begun)
        }
    }

    struct QueryResult: Sendable {
        var documents: [DocumentSnapshot]
        var skipped: Int
        var readTime: Timestamp
        var transaction: [UInt8]?
    }

    func query(_ database: DatabaseName, parent: [String], query: Query, consistency: ReadConsistency) throws(RPCError) -> QueryResult {
        let order = try QueryEngine.plan(query, database: database, parent: parent)
        return try state.withLock { state throws(RPCError) in
            let view = try Self.readView(&state, database, consistency)
            let candidates = Self.candidates(state.databases[database], parent: parent, query: query, at: view.time)
            let (documents, skipped) = QueryEngine.run(query, order: order, candidates: candidates, database: database)
            if let id = view.recordIn { Self.record(query, order: order, parent: parent, answered: documents, in: id, &state) }
            return QueryResult(documents: documents, skipped: skipped, readTime: view.time ?? Self.readTime(state), transaction: view.begun)
        }
    }

    /// The documents a query's `from` selects, as of `time`.
    static func candidates(_ database: DatabaseState?, parent: [String], query: Query, at time: Timestamp?) -> [DocumentSnapshot] {
        guard let database else { return [] }
        var result: [DocumentSnapshot] = []
        func add(_ collection: [String], _ ids: Set<String>) {
            for id in ids {
                let path = DocumentPath(segments: collection + [id])
                if let stored = database.documents[path]?.document(at: time) { result.append(snapshot(path, stored)) }
            }
        }
        if query.allDescendants {
            for (collection, ids) in database.collections
            where collection.last == query.collectionID && collection.count > parent.count && Array(collection.prefix(parent.count)) == parent {
                add(collection, ids)
            }
        } else if let ids = database.collections[parent + [query.collectionID]] {
            add(parent + [query.collectionID], ids)
        }
        return result
    }

    /// Notes, in a read-write transaction, a query and the versions of what it answered: the
    /// commit runs it again and aborts if the answer changed (a phantom included).
    static func record(_ query: Query, order: [Query.Order], parent: [String], answered documents: [DocumentSnapshot],
                       in transaction: [UInt8], _ state: inout State) {
        var versions: [DocumentPath: Timestamp] = [:]
        for document in documents { versions[document.path] = document.updateTime }
        state.transactions[transaction]?.queries.append((parent, query, order, versions))
    }

    /// One page of a collection's documents in name order (or its reverse), after `after`: at most
    /// `pageSize` rows and one more, which tells whether another page follows. With `showMissing`,
    /// also the documents that do not exist but have documents below them (as snapshots without
    /// times). Only the page's documents are looked up and copied: the IDs are kept sorted between
    /// changes to the collection, the cursor found by binary search.
    func list(_ database: DatabaseName, collection: [String], consistency: ReadConsistency, showMissing: Bool,
              descending: Bool = false, after: DocumentPath? = nil, pageSize: Int? = nil)
        throws(RPCError) -> [(path: DocumentPath, document: DocumentSnapshot?)] {
        try state.withLock { state throws(RPCError) in
            let view = try Self.readView(&state, database, consistency)
            var ids = state.databases[database]?.idsInNameOrder(collection) ?? []
            let data = state.databases[database]
            // With showMissing, the IDs that have documents below them, whether or not they exist.
            var withDescendants: Set<String> = []
            if showMissing, let data {
                for (path, record) in data.documents where path.segments.count > collection.count + 1
                    && Array(path.segments.prefix(collection.count)) == collection && record.document(at: view.time) != nil {
                    withDescendants.insert(path.segments[collection.count])
                }
                ids = Set(ids).union(withDescendants).sortedByBytes()
            }
            // The k-th ID in the listing's direction; name order is ID order within one collection.
            func id(at k: Int) -> String { descending ? ids[ids.count - 1 - k] : ids[k] }
            var start = 0
            if let after {
                // The first ID past the cursor, in the listing's direction.
                var high = ids.count
                while start < high {
                    let middle = (start + high) / 2
                    let path = DocumentPath(segments: collection + [id(at: middle)])
                    if descending ? path < after : after < path { high = middle } else { start = middle + 1 }
                }
            }
            var result: [(path: DocumentPath, document: DocumentSnapshot?)] = []
            for k in start..<ids.count {
                if let pageSize, result.count > pageSize { break }
                let id = id(at: k)
                let path = DocumentPath(segments: collection + [id])
                if let stored = data?.documents[path]?.document(at: view.time) {
                    result.append((path, Self.snapshot(path, stored)))
                } else if withDescendants.contains(id) {
                    result.append((path, nil))
                }
            }
            if let id = view.recordIn {
                // In a read-write transaction a listing counts as a query for the same page, so a
                // change to it (a phantom too) aborts the commit, as it does for runQuery: from the
                // cursor to the page's last row (inclusive) when another page follows, else to the
                // end. The extra row fetched to know that is not part of the page.
                let page = pageSize.map { result.prefix($0) } ?? result[...]
                let isFull = pageSize.map { result.count > $0 } ?? false
                let query = Query(collectionID: collection[collection.count - 1], allDescendants: false, filter: nil,
                                  orderBy: [Query.Order(path: .documentName, descending: descending)],
                                  startAt: after.map { Query.Cursor(values: [.reference(database.name(of: $0))], before: false) },
                                  endAt: isFull ? page.last.map { Query.Cursor(values: [.reference(database.name(of: $0.path))], before: false) } : nil,
                                  offset: 0, limit: nil, select: nil)
                Self.record(query, order: query.orderBy, parent: Array(collection.dropLast()), answered: page.compactMap(\.document), in: id, &state)
            }
            return result
        }
    }

    /// IDs of the collections directly below `parent` that hold a document somewhere beneath.
    func collectionIDs(_ database: DatabaseName, parent: [String], readTime: Timestamp?) throws(RPCError) -> [String] {
        try state.withLock { state throws(RPCError) in
            if let readTime { try Self.checkReadTime(readTime, state) }
            // Walk the collections below the parent, not every document: a collection ID counts
            // when a document exists anywhere below it.
            var ids: Set<String> = []
            guard let data = state.databases[database] else { return [] }
            for (collection, documentIDs) in data.collections
            where collection.count > parent.count && !ids.contains(collection[parent.count]) && collection.starts(with: parent) {
                let exists = documentIDs.contains { data.documents[DocumentPath(segments: collection + [$0])]?.document(at: readTime) != nil }
                if exists { ids.insert(collection[parent.count]) }
            }
            return ids.sortedByBytes()
        }
    }

    /// How many documents, across every database (for benchmarks and diagnostics).
    var documentCount: Int {
        state.withLock { state in state.databases.values.reduce(0) { $0 + $1.documents.values.count { $0.latest != nil } } }
    }
}
