import Foundation

/// Firestore's REST API v1 over an ``HTTPTransport`` (``CurlTransport`` unless given another):
/// bearer tokens from the configured credentials, every call through the client's middlewares
/// (by default ``FirestoreTelemetryMiddleware``, then ``FirestoreRetryMiddleware``, which
/// retries where ``RetryPolicy`` deems it safe, then a ``FirestoreCircuitBreakerMiddleware`` when
/// given a breaker), and `google.rpc.Status` errors as ``FirestoreError``.
public final class FirestoreClient: TransactionBackend, Sendable {
    /// The configuration.
    public let configuration: FirestoreConfiguration
    /// What requests go through, the credentials' token requests included.
    public let transport: any HTTPTransport
    /// What every call goes through, outermost first, before the transport.
    public let middlewares: [any HTTPMiddleware]
    /// The middlewares, then the credentials' bearer token for each attempt.
    private let chain: [any HTTPMiddleware]
    /// The cache in front of Firestore, if any: repositories of cached collections read through
    /// it, and every write through the client invalidates what it wrote.
    public let cache: FirestoreCache?
    /// The circuit breaker the client put in its own chain, if any (for health reports).
    public let circuitBreaker: CircuitBreaker?
    /// The transport the client made, and so shuts down.
    private let ownTransport: CurlTransport?
    private let lifecycle = Lifecycle()
    /// Writes whose cache invalidation has not finished.
    private let writes = InFlightWrites()

    /// Creates a client over `transport`, or over a ``CurlTransport`` of its own, made with
    /// `transportConfiguration` (which its ``shutdown()`` shuts down; a given transport is the
    /// caller's to shut down, and `transportConfiguration` does not apply to it).
    ///
    /// Without `middlewares`, every call is recorded to `telemetry`
    /// (``FirestoreTelemetryMiddleware``), retried as the configuration's retry policy says
    /// (``FirestoreRetryMiddleware``) and, with a `circuitBreaker`, each attempt goes through it
    /// (``FirestoreCircuitBreakerMiddleware``). With `middlewares`, calls go through exactly
    /// those, and `telemetry` and `circuitBreaker` are not used. With a `cache`, repositories
    /// of cached collections read through it.
    public init(configuration: FirestoreConfiguration, transport: (any HTTPTransport)? = nil,
                transportConfiguration: CurlTransport.Configuration = .init(), middlewares: [any HTTPMiddleware]? = nil,
                telemetry: Telemetry = Telemetry(), circuitBreaker: CircuitBreaker? = nil, cache: FirestoreCache? = nil) {
        self.configuration = configuration
        self.cache = cache
        let own = transport == nil ? CurlTransport(configuration: transportConfiguration, logger: telemetry.logger) : nil
        self.ownTransport = own
        self.transport = transport ?? own!
        self.circuitBreaker = middlewares == nil ? circuitBreaker : nil
        self.middlewares = middlewares ?? (
            [FirestoreTelemetryMiddleware(configuration: configuration, telemetry: telemetry),
             FirestoreRetryMiddleware(policy: configuration.retryPolicy)]
                + (circuitBreaker.map { [FirestoreCircuitBreakerMiddleware(breaker: $0)] } ?? [])
        )
        chain = self.middlewares + [AuthorizationMiddleware(credentials: configuration.credentials, transport: self.transport)]
    }

    /// Where the client is in its life.
    public var state: LifecycleState { lifecycle.state }

    /// Stops taking calls (new ones fail with ``FirestoreError/transport(_:)`` of
    /// ``TransportError/shutDown(url:)``), shuts down the transport the client made, which lets
    /// the requests in flight finish (a retry after that fails at once), then waits for the writes
    /// in flight to finish their cache invalidations. Returns once done; calling it again waits for
    /// the same end. Over a transport it was given, calls already in flight may still be
    /// finishing when it returns: that transport's own `shutdown()` waits for them.
    public func shutdown() async {
        await lifecycle.shutDown {
            // The transport first: its requests in flight finish, and a write's retry after that
            // fails at once rather than running out its attempts. Then the writes' cache
            // invalidations (which go to the cache, not this transport) finish.
            await ownTransport?.shutdown()
            await writes.waitUntilNone()
        }
    }

    /// Runs until the task is cancelled or the client shut down, then shuts it down. In a
    /// swift-service-lifecycle service group, run it as `cancelWhenGracefulShutdown { await
    /// client.run() }`, so a graceful shutdown ends it.
    public func run() async {
        await lifecycle.run { await self.shutdown() }
    }

    /// The transport's executor, if it has one: tasks that prefer it make their requests
    /// without thread hand-offs (see ``CurlTransport/taskExecutor``).
    public var taskExecutor: (any TaskExecutor)? { transport.taskExecutor }

    /// The pool's counts, when the client made its own transport or was given a ``CurlTransport``.
    public var statistics: CurlTransport.Statistics? { (transport as? CurlTransport)?.statistics }

    /// A document's full name from its path relative to the database (`casefiles/abc`).
    public func documentName(_ path: String) -> String { configuration.documentsRoot + "/" + path }

    // MARK: Operations

    /// Reads a document; nil when it does not exist. With `readTime`, the version current at
    /// that time (Firestore keeps an hour of versions).
    public func get(name: String, transaction: String? = nil, readTime: Timestamp? = nil) async throws -> FirestoreDocument? {
        var query: [(String, String)] = []
        if let transaction { query.append(("transaction", transaction)) }
        if let readTime { query.append(("readTime", readTime.rfc3339)) }
        do {
            let response = try await send("GET", name, query: query, operation: "GetDocument", kind: .idempotent,
                                          collection: Self.collectionID(of: [name]))
            return try read(try await response.body.collect(), FirestoreJSON.document)
        } catch let error as FirestoreError where error.statusName == "NOT_FOUND" {
            return nil
        }
    }

    /// Commits writes atomically. After a failure that leaves open whether the commit happened
    /// (a timeout, `INTERNAL`), it is retried only when a repeat of every write would leave what
    /// one leaves (``isRepeatable(_:)``); otherwise the error reaches the caller.
    public func commit(writes: [Write], transaction: String? = nil) async throws -> CommitResponse {
        try WriteLimits.check(writes)
        let request = CommitRequest(database: configuration.databaseName, writes: writes, transaction: transaction)
        let safe = writes.allSatisfy(Self.isRepeatable)
        // ABORTED inside a transaction is the transaction runner's to retry, as a whole.
        let kind: RetryPolicy.CallKind = safe && transaction == nil ? .idempotent : .nonIdempotent
        return try await invalidating(writes.compactMap { $0.update?.name ?? $0.delete }) {
            let response = try await send("POST", configuration.documentsRoot, verb: "commit", body: FirestoreJSON.data(for: request),
                                          operation: "Commit", kind: kind,
                                          collection: Self.collectionID(of: writes.compactMap { $0.update?.name ?? $0.delete }))
            return try read(try await response.body.collect(), FirestoreJSON.commitResponse)
        }
    }

    /// Runs a write, then (whether it succeeded or not: a failed one may have landed) removes
    /// the cached entries of the documents it names.
    private func invalidating<Result>(_ names: [String], _ write: () async throws -> Result) async throws -> Result {
        guard let cache else { return try await write() }
        let prefix = configuration.documentsRoot + "/"
        let paths = names.compactMap { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : nil }
        return try await writes.run {
            do {
                let result = try await write()
                await cache.invalidate(paths, in: configuration.databaseName)
                return result
            } catch {
                await cache.invalidate(paths, in: configuration.databaseName)
                throw error
            }
        }
    }

    /// Whether `write` may be sent again after a failure that leaves open whether it happened: a
    /// repeat of one that landed must leave the same data and report success again. So a set or
    /// update without a precondition, or with `exists: true`, that increments nothing; a delete
    /// without a precondition. Not a create (`exists: false`) nor a write pinned to a version
    /// (`updateTime`), whose repeat would fail its own precondition and report ALREADY_EXISTS or
    /// FAILED_PRECONDITION for the caller's own write; not an increment, which would count twice.
    public static func isRepeatable(_ write: Write) -> Bool {
        isRepeatable(isDelete: write.delete != nil, precondition: write.currentDocument, transforms: write.updateTransforms ?? [])
    }

    static func isRepeatable(isDelete: Bool, precondition: Precondition?, transforms: [FieldTransform]) -> Bool {
        if precondition?.updateTime != nil || precondition?.exists == false { return false }
        if isDelete { return precondition == nil }
        return !transforms.contains { transform in
            if case .increment = transform.operation { return true }
            return false
        }
    }

    /// Runs a structured query under `parent` (the documents root, or a document for its
    /// subcollections); returns the matching documents in order.
    public func runQuery(_ query: StructuredQuery, parent: String? = nil, transaction: String? = nil) async throws -> [FirestoreDocument] {
        var documents: [FirestoreDocument] = []
        for try await document in self.documents(matching: query, parent: parent, transaction: transaction) {
            documents.append(document)
        }
        return documents
    }

    /// Runs a structured query and yields each document as its part of the answer arrives, so a
    /// large result never has to sit in memory at once. The answer is read as the sequence is:
    /// a slow reader holds the transfer back, stopping early stops it, and everything runs on the
    /// reading task (and its executor).
    public func documents(matching query: StructuredQuery, parent: String? = nil, transaction: String? = nil)
        -> AsyncThrowingStream<FirestoreDocument, any Error> {
        let resource = parent ?? configuration.documentsRoot
        return .batches(from: (body: HTTPBody.AsyncIterator?.none, parser: JSONArrayStream())) { reader in
            do {
                if reader.body == nil {
                    let body = FirestoreJSON.runQueryRequest(query, transaction: transaction)
                    reader.body = try await self.send("POST", resource, verb: "runQuery", body: body, operation: "RunQuery", kind: .idempotent,
                                                      collection: query.from.first?.collectionId, streaming: true)
                        .body.makeAsyncIterator()
                }
                let chunk: Data?
                do {
                    chunk = try await reader.body!.next()
                } catch let error as TransportError {
                    throw FirestoreError.transport(error)
                }
                guard let chunk else {
                    guard reader.parser.isComplete else { throw FirestoreError.malformedResponse("the runQuery answer ended before its array did") }
                    return nil
                }
                return try reader.parser.feed(chunk).compactMap { try FirestoreJSON.runQueryResponse(from: $0).document }
            } catch let error as FirestoreJSON.ParseError {
                throw FirestoreError.malformedResponse("runQuery: \(error)")
            }
        }
    }

    /// Creates a document in the collection `collectionID` under `parent` (the documents root or
    /// a document); Firestore picks a 20-character ID when `documentID` is nil. Fails with
    /// `ALREADY_EXISTS` when the ID is taken.
    public func createDocument(parent: String? = nil, collectionID: String, documentID: String?,
                               fields: [String: FirestoreValue]) async throws -> FirestoreDocument {
        var query: [(String, String)] = []
        if let documentID { query.append(("documentId", documentID)) }
        let body = FirestoreJSON.data(for: FirestoreDocument(fields: fields))
        // Never repeated after an ambiguous failure: without an ID it could create a second
        // document, with one it would report ALREADY_EXISTS for the caller's own.
        let name = documentID.map { (parent ?? configuration.documentsRoot) + "/" + collectionID + "/" + $0 }
        // Without an ID, sized as Firestore's 20-character one.
        try WriteLimits.check(name: name ?? (parent ?? configuration.documentsRoot) + "/" + collectionID + "/" + String(repeating: "x", count: 20),
                              fields: fields)
        // One counted write, both invalidations included, so a shutdown waits for the second.
        return try await writes.run {
            let document = try await invalidating(name.map { [$0] } ?? []) {
                let response = try await send("POST", (parent ?? configuration.documentsRoot) + "/" + collectionID, query: query, body: body,
                                              operation: "CreateDocument", kind: .nonIdempotent, collection: collectionID)
                return try read(try await response.body.collect(), FirestoreJSON.document)
            }
            // A new ID nobody could have read before, but a negative entry may stand for it.
            if name == nil, let created = document.name { try await invalidating([created]) {} }
            return document
        }
    }

    /// Updates the fields in `mask` (all given fields when nil), deleting masked fields absent
    /// from `fields`, under an optional precondition.
    public func patch(name: String, fields: [String: FirestoreValue], mask: [FieldPath]? = nil,
                      precondition: Precondition? = nil) async throws -> FirestoreDocument {
        try WriteLimits.check(name: name, fields: fields)
        var query = (mask ?? []).map { ("updateMask.fieldPaths", $0.encoded) }
        query += Self.preconditionQuery(precondition)
        return try await invalidating([name]) {
            let response = try await send("PATCH", name, query: query, body: FirestoreJSON.data(for: FirestoreDocument(fields: fields)),
                                          operation: "UpdateDocument",
                                          kind: Self.isRepeatable(isDelete: false, precondition: precondition, transforms: []) ? .idempotent : .nonIdempotent,
                                          collection: Self.collectionID(of: [name]))
            return try read(try await response.body.collect(), FirestoreJSON.document)
        }
    }

    /// Deletes a document (deleting a missing one succeeds, as in Firestore).
    public func delete(name: String, precondition: Precondition? = nil) async throws {
        try await invalidating([name]) {
            _ = try await send("DELETE", name, query: Self.preconditionQuery(precondition), operation: "DeleteDocument",
                               kind: Self.isRepeatable(isDelete: true, precondition: precondition, transforms: []) ? .idempotent : .nonIdempotent,
                               collection: Self.collectionID(of: [name]))
        }
    }

    static func preconditionQuery(_ precondition: Precondition?) -> [(String, String)] {
        var query: [(String, String)] = []
        if let exists = precondition?.exists { query.append(("currentDocument.exists", exists ? "true" : "false")) }
        if let time = precondition?.updateTime { query.append(("currentDocument.updateTime", time.rfc3339)) }
        return query
    }

    /// One document of a batch get: found, or missing by name.
    public enum BatchGetResult: Sendable, Hashable {
        /// The document, as read in the call.
        case found(FirestoreDocument)
        /// The full resource name of a document that does not exist.
        case missing(String)
    }

    /// Reads several documents in one call; results come in the order Firestore streams them.
    public func batchGet(names: [String], transaction: String? = nil) async throws -> [BatchGetResult] {
        let body = FirestoreJSON.batchGetRequest(names: names, transaction: transaction)
        let response = try await send("POST", configuration.documentsRoot, verb: "batchGet", body: body, operation: "BatchGetDocuments", kind: .idempotent,
                                      collection: Self.collectionID(of: names))
        var stream = JSONArrayStream()
        return try read(try await response.body.collect()) { body in
            try stream.feed(body).compactMap { data -> BatchGetResult? in
                let element = try FirestoreJSON.batchGetResponse(from: data)
                if let document = element.found { return .found(document) }
                return element.missing.map(BatchGetResult.missing)
            }
        }
    }

    /// One page of a collection's documents.
    public struct DocumentPage: Sendable, Hashable {
        /// The documents.
        public var documents: [FirestoreDocument]
        /// The token for the next page, if there is one.
        public var nextPageToken: String?
    }

    /// Lists the documents of a collection a page at a time.
    public func listDocuments(parent: String? = nil, collectionID: String, pageSize: Int, pageToken: String? = nil,
                              orderBy: String? = nil) async throws -> DocumentPage {
        var query: [(String, String)] = [("pageSize", String(pageSize))]
        if let pageToken { query.append(("pageToken", pageToken)) }
        if let orderBy { query.append(("orderBy", orderBy)) }
        let response = try await send("GET", (parent ?? configuration.documentsRoot) + "/" + collectionID, query: query,
                                      operation: "ListDocuments", kind: .idempotent, collection: collectionID)
        return try read(try await response.body.collect(), FirestoreJSON.documentPage)
    }

    /// An aggregation of a query's matches.
    public enum Aggregation: Sendable, Hashable {
        /// How many documents match.
        case count
        /// The sum of a numeric field over the matches.
        case sum(FieldPath)
        /// The average of a numeric field over the matches (null when none has it).
        case average(FieldPath)
    }

    /// Computes aggregations over a query's matches without reading them; results by alias.
    public func aggregate(_ query: StructuredQuery, _ aggregations: [String: Aggregation], parent: String? = nil) async throws
        -> [String: FirestoreValue]
    {
        let body = FirestoreJSON.aggregationRequest(query, aggregations.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        let response = try await send("POST", (parent ?? configuration.documentsRoot), verb: "runAggregationQuery", body: body,
                                      operation: "RunAggregationQuery", kind: .idempotent, collection: query.from.first?.collectionId)
        return try read(try await response.body.collect()) { body in
            var stream = JSONArrayStream()
            for element in try stream.feed(body) {
                if let fields = try FirestoreJSON.aggregationResponse(from: element) { return fields }
            }
            throw FirestoreError.malformedResponse("runAggregationQuery returned no result")
        }
    }

    /// Counts the documents a query matches, without reading them.
    public func count(_ query: StructuredQuery, parent: String? = nil) async throws -> Int64 {
        guard case .integer(let count)? = try await aggregate(query, ["count": .count], parent: parent)["count"] else {
            throw FirestoreError.malformedResponse("runAggregationQuery returned no count")
        }
        return count
    }

    /// The IDs of the collections directly under `parent` (the documents root or a document).
    public func listCollectionIDs(parent: String? = nil, pageSize: Int = 100) async throws -> [String] {
        var ids: [String] = []
        var token: String?
        repeat {
            let body = FirestoreJSON.listCollectionIDsRequest(pageSize: pageSize, pageToken: token)
            let response = try await send("POST", (parent ?? configuration.documentsRoot), verb: "listCollectionIds", body: body,
                                          operation: "ListCollectionIds", kind: .idempotent)
            let page = try read(try await response.body.collect(), FirestoreJSON.collectionIDsResponse)
            ids += page.ids
            token = page.nextPageToken
        } while token != nil
        return ids
    }

    // MARK: Transactions

    public func beginTransaction(retrying previous: String?) async throws -> String {
        try await beginTransaction(.readWrite(retrying: previous))
    }

    public func beginReadOnlyTransaction(readTime: Timestamp?) async throws -> String {
        try await beginTransaction(.readOnly(readTime: readTime))
    }

    private func beginTransaction(_ options: FirestoreJSON.TransactionOptions) async throws -> String {
        let body = FirestoreJSON.beginTransactionRequest(options)
        let response = try await send("POST", configuration.documentsRoot, verb: "beginTransaction", body: body,
                                      operation: "BeginTransaction", kind: .idempotent)
        return try read(try await response.body.collect(), FirestoreJSON.beginTransactionResponse)
    }

    public func runQuery(_ query: StructuredQuery, parent: String?, transaction: String) async throws -> [FirestoreDocument] {
        try await runQuery(query, parent: parent, transaction: Optional(transaction))
    }

    public func get(name: String, transaction: String) async throws -> FirestoreDocument? {
        try await get(name: name, transaction: Optional(transaction))
    }

    public func commit(writes: [Write], transaction: String) async throws {
        _ = try await commit(writes: writes, transaction: Optional(transaction))
    }

    public func rollback(transaction: String) async throws {
        _ = try await send("POST", configuration.documentsRoot, verb: "rollback", body: FirestoreJSON.rollbackRequest(transaction: transaction),
                           operation: "Rollback", kind: .idempotent)
    }

    // MARK: Plumbing

    /// Reads an answer; what cannot be read is ``FirestoreError/malformedResponse(_:)``.
    private func read<Answer>(_ body: Data, _ reader: (Data) throws -> Answer) throws -> Answer {
        do {
            return try reader(body)
        } catch let error as FirestoreJSON.ParseError {
            throw FirestoreError.malformedResponse("\(Answer.self): \(error)")
        }
    }

    /// Sends one call through the middlewares and the transport. Returns a 2xx answer (with its
    /// body streaming when `streaming`); throws any other as a ``FirestoreError``.
    ///
    /// The resource name is percent-encoded with its `:` too, so that no ID can end the path in
    /// a custom method (`rooms/a:commit`); `verb` is that method (`documents:commit`).
    func send(_ method: String, _ resource: String, verb: String? = nil, query: [(String, String)] = [], body: Data? = nil,
              operation: String, kind: RetryPolicy.CallKind, collection: String? = nil, streaming: Bool = false) async throws -> HTTPResponse {
        var url = configuration.baseURL + "/v1/" + Self.percentEncoded(resource, keeping: Self.pathBytes)
        if let verb { url += ":" + verb }
        if !query.isEmpty {
            url += "?" + query.map { "\($0.0)=\(Self.percentEncoded($0.1, keeping: Self.unreservedBytes))" }.joined(separator: "&")
        }
        guard lifecycle.state == .running else { throw FirestoreError.transport(.shutDown(url: url)) }
        var headers: [(name: String, value: String)] = [("Accept", "application/json"),
                                                         ("X-Server-Timeout", Self.serverTimeout(for: configuration.requestTimeout))]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let request = HTTPRequest(method: method, url: url, headers: headers, body: body, timeout: configuration.requestTimeout,
                                  streamsResponse: streaming)
        do {
            let context = HTTPCallContext(operation: operation, kind: kind, collection: collection)
            let response = try await transport.send(request, context: context, through: chain[...])
            guard (200..<300).contains(response.status) else {
                throw FirestoreError.fromResponse(httpStatus: response.status, body: try await response.body.collect())
            }
            return response
        } catch let error as TransportError {
            throw FirestoreError.transport(error)
        }
    }

    /// The collection ID the documents `names` share (the last but one segment of each), for
    /// telemetry; nil when they are in different collections or there are none.
    static func collectionID(of names: [String]) -> String? {
        var shared: Substring?
        for name in names {
            let segments = name.split(separator: "/", omittingEmptySubsequences: false)
            guard segments.count >= 2 else { return nil }
            let collection = segments[segments.count - 2]
            if let shared, shared != collection { return nil }
            shared = collection
        }
        return shared.map(String.init)
    }

    /// The `X-Server-Timeout` system parameter for a request that may take `timeout`, in seconds
    /// with milliseconds: the timeout less a tenth of it or 100 ms, whichever is more, but at least
    /// half of it. A server that honours it (the local one does) refuses a request it could only
    /// handle after that, so a call that times out here has most likely landed by then or never
    /// will. The margin covers connecting and sending; it is a likelihood, not a promise, and
    /// ``FirestoreError/mayHaveBeenApplied`` still says what a failure leaves open.
    static func serverTimeout(for timeout: Duration) -> String {
        let total = min(timeout, .seconds(86_400))
        let milliseconds = Int(total.components.seconds) * 1_000 + Int(total.components.attoseconds / 1_000_000_000_000_000)
        let margin = max(milliseconds / 10, 100)
        let server = max(milliseconds - margin, milliseconds / 2, 1)
        let fraction = String(server % 1_000)
        return "\(server / 1_000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    /// RFC 3986's unreserved characters: all a query value keeps unescaped.
    static let unreservedBytes: [Bool] = byteTable("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    /// Path characters left as they are: unreserved, sub-delimiters, `/` and `@`; not `:`, which
    /// only a custom method's separator may be.
    static let pathBytes: [Bool] = byteTable("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=/@")

    static let hexDigits = Array("0123456789ABCDEF".utf8)

    static func byteTable(_ kept: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 256)
        for byte in kept.utf8 { table[Int(byte)] = true }
        return table
    }

    /// Percent-encodes the UTF-8 bytes of `text` not in `kept` (a hot path: every request).
    static func percentEncoded(_ text: String, keeping kept: [Bool]) -> String {
        if text.utf8.allSatisfy({ kept[Int($0)] }) { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if kept[Int(byte)] {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0xF)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
