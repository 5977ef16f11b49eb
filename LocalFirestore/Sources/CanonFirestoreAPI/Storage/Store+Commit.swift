import CanonRuntime

extension Store {
    struct WriteResult: Sendable {
        /// nil after a delete.
        var updateTime: Timestamp?
        var transformResults: [FirestoreValue]
    }

    struct CommitResult: Sendable {
        var writeResults: [WriteResult]
        var commitTime: Timestamp
        /// The documents after the commit, by path (nil: deleted), for answers such as patch's.
        var documents: [DocumentPath: StoredDocument?]
    }

    static let maximumDocumentSize = 1_048_576

    /// Applies writes atomically and in order, after checking the transaction's reads.
    func commit(_ database: DatabaseName, writes: [WriteOperation], transaction id: [UInt8]?) throws(RPCError) -> CommitResult {
        try state.withLock { state throws(RPCError) in
            // Checked again under the lock: a request that waited for it past its deadline
            // would land after its client gave up.
            if let deadline = APIRequest.currentDeadline, ContinuousClock.now > deadline {
                throw RPCError(.deadlineExceeded, "The request's deadline (X-Server-Timeout) passed before it was handled.")
            }
            if let id {
                let transaction = try Self.transaction(&state, id, database)
                // A transaction ends with its commit, whatever the outcome.
                state.transactions[id] = nil
                if transaction.readOnly {
                    if !writes.isEmpty { throw RPCError.invalid("Cannot modify entities in a read-only transaction.") }
                } else {
                    try Self.checkReads(transaction, state.databases[database] ?? DatabaseState(), database: database)
                }
            }
            let commitTime = Self.nextCommitTime(&state)
            // REQUEST_TIME has millisecond precision and one value for the whole commit.
            let requestTime = Timestamp(seconds: commitTime.seconds, nanoseconds: commitTime.nanoseconds / 1_000_000 * 1_000_000)
            // Looked up in place each time: a local copy of the database would still be alive at
            // the update below and make it copy every document (certainly so in debug builds).
            func stored(_ path: DocumentPath) -> StoredDocument? { state.databases[database]?.documents[path]?.latest }

            var overlay: [DocumentPath: StoredDocument?] = [:]
            var touched: [DocumentPath] = []
            var results: [WriteResult] = []
            results.reserveCapacity(writes.count)
            for write in writes {
                let path = write.path
                let before: StoredDocument? = overlay[path] ?? stored(path)
                let name = database.name(of: path)
                if let exists = write.exists {
                    if exists, before == nil { throw RPCError(.notFound, "No document to update: \(name)") }
                    if !exists, before != nil { throw RPCError(.alreadyExists, "Document already exists: \(name)") }
                }
                if let required = write.updateTime {
                    guard let before else { throw RPCError(.notFound, "No document to update: \(name)") }
                    guard before.updateTime == required else {
                        throw RPCError(.failedPrecondition, "The stored version (\(before.updateTime)) of \(name) does not match the required base version (\(required)).")
                    }
                }
                var fields: [String: FirestoreValue]
                switch write.kind {
                case .delete:
                    if overlay[path] == nil { touched.append(path) }
                    overlay[path] = .some(nil)
                    results.append(WriteResult(updateTime: nil, transformResults: []))
                    continue
                case .update(let given, let mask?):
                    fields = before?.fields ?? [:]
                    for maskPath in mask {
                        if maskPath.segments.contains(where: ResourceName.isReserved) {
                            throw RPCError.invalid("Field path \(maskPath) in the update mask uses a reserved name.")
                        }
                        if let value = Fields.value(at: maskPath, in: given) {
                            Fields.set(value, at: maskPath.segments[...], in: &fields)
                        } else {
                            Fields.remove(at: maskPath.segments[...], in: &fields)
                        }
                    }
                case .update(let given, nil):
                    fields = given
                case .transform:
                    fields = before?.fields ?? [:]
                }
                var transformResults: [FirestoreValue] = []
                for transform in write.transforms {
                    let current = Fields.value(at: transform.path, in: fields)
                    let value = Transforms.apply(transform.operation, to: current, requestTime: requestTime)
                    Fields.set(value, at: transform.path.segments[...], in: &fields)
                    transformResults.append(Transforms.result(of: transform.operation, newValue: value))
                }
                let changed = before == nil || before!.fields != fields
                let after = StoredDocument(fields: fields, createTime: before?.createTime ?? commitTime,
                                           updateTime: changed ? commitTime : before!.updateTime)
                let size = DocumentSize.of(path: path, fields: fields)
                if size > Self.maximumDocumentSize {
                    throw RPCError.invalid("Document \(name) cannot be written because its size (\(size) bytes) exceeds the maximum allowed size of \(Self.maximumDocumentSize) bytes.")
                }
                if overlay[path] == nil { touched.append(path) }
                overlay[path] = .some(after)
                results.append(WriteResult(updateTime: after.updateTime, transformResults: transformResults))
            }

            // Only real changes make versions; a write that changes nothing keeps its updateTime.
            var changes: [(path: DocumentPath, document: StoredDocument?)] = []
            for path in touched {
                let after = overlay[path]!
                let before = stored(path)
                if after != before { changes.append((path, after)) }
            }
            if !changes.isEmpty {
                try log?.append(.commit(database, commitTime, changes))
                // Changed in place: a copy of the database per commit would make commits O(n).
                let horizon = Timestamp(seconds: commitTime.seconds - Self.versionRetention, nanoseconds: commitTime.nanoseconds)
                state.databases[database, default: DatabaseState()].apply(changes, at: commitTime, pruningBefore: horizon)
                state.commitsSinceSweep += 1
                if state.commitsSinceSweep >= Self.commitsPerSweep {
                    state.commitsSinceSweep = 0
                    for name in Array(state.databases.keys) { state.databases[name]!.sweep(before: horizon) }
                }
            }
            return CommitResult(writeResults: results, commitTime: commitTime, documents: overlay)
        }
    }

    /// Optimistic concurrency: every document and query the transaction read must be unchanged.
    static func checkReads(_ transaction: TransactionState, _ data: DatabaseState, database: DatabaseName) throws(RPCError) {
        let contention = RPCError(.aborted, "Aborted due to cross-transaction contention. This occurs when multiple transactions attempt to access the same data, requiring Firestore to abort at least one in order to enforce serializability.")
        for (path, observed) in transaction.reads where data.documents[path]?.latest?.updateTime != observed {
            throw contention
        }
        for read in transaction.queries {
            let candidates = candidates(data, parent: read.parent, query: read.query, at: nil)
            let (documents, _) = QueryEngine.run(read.query, order: read.order, candidates: candidates, database: database)
            var now: [DocumentPath: Timestamp] = [:]
            for document in documents { now[document.path] = document.updateTime }
            if now != read.result { throw contention }
        }
    }
}

/// Firestore's storage size of a document, as its documentation defines it.
enum DocumentSize {
    static func of(path: DocumentPath, fields: [String: FirestoreValue]) -> Int {
        nameSize(path.segments) + fields.reduce(0) { $0 + $1.key.utf8.count + 1 + size(of: $1.value) } + 32
    }

    static func nameSize(_ segments: [String]) -> Int {
        segments.reduce(16) { $0 + $1.utf8.count + 1 }
    }

    static func size(of value: FirestoreValue) -> Int {
        switch value {
        case .null, .boolean: 1
        case .integer, .double, .timestamp: 8
        case .string(let text): text.utf8.count + 1
        case .bytes(let data): data.count
        case .reference(let name): nameSize(Array(name.split(separator: "/").dropFirst(5).map(String.init)))
        case .geoPoint: 16
        case .array(let values): values.reduce(0) { $0 + size(of: $1) }
        case .map(let fields): fields.reduce(0) { $0 + $1.key.utf8.count + 1 + size(of: $1.value) }
        }
    }
}
