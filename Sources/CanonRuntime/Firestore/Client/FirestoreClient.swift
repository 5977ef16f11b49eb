import Foundation

/// Firestore's REST API v1 over ``CurlTransport``: bearer tokens from the configured credentials,
/// `google.rpc.Status` errors as ``FirestoreError``, and retries only where ``RetryPolicy`` deems
/// them safe (reads and preconditioned writes, never a blind write after an ambiguous failure).
public final class FirestoreClient: TransactionBackend {
    /// The configuration.
    public let configuration: FirestoreConfiguration
    private let transport: CurlTransport
    private let sleep: @Sendable (Duration) async throws -> Void

    /// Creates a client.
    public init(configuration: FirestoreConfiguration, transport: CurlTransport = CurlTransport(),
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.configuration = configuration
        self.transport = transport
        self.sleep = sleep
    }

    /// A document's full name from its path relative to the database (`casefiles/abc`).
    public func documentName(_ path: String) -> String { configuration.documentsRoot + "/" + path }

    // MARK: Operations

    /// Reads a document; nil when it does not exist.
    public func get(name: String, transaction: String? = nil) async throws -> FirestoreDocument? {
        var query: [String: String] = [:]
        if let transaction { query["transaction"] = transaction }
        do {
            let response = try await send("GET", name, query: query, kind: .idempotent)
            return try FirestoreJSON.document(from: response.body)
        } catch let error as FirestoreError where error.statusName == "NOT_FOUND" {
            return nil
        }
    }

    /// The result of a commit.
    public struct CommitResponse: Sendable, Hashable, Codable {
        /// One result per write.
        public struct WriteResult: Sendable, Hashable, Codable {
            /// The document's update time after the write.
            public var updateTime: Timestamp?
            /// The values of server transforms, in order.
            public var transformResults: [FirestoreValue]?
        }

        /// One result per write, in order.
        public var writeResults: [WriteResult]?
        /// When the commit happened.
        public var commitTime: Timestamp?
    }

    /// Commits writes atomically. Retried only when every write carries a precondition, which
    /// makes a repeat harmless.
    public func commit(writes: [Write], transaction: String? = nil) async throws -> CommitResponse {
        let request = CommitRequest(database: configuration.databaseName, writes: writes, transaction: transaction)
        let safe = writes.allSatisfy { $0.currentDocument != nil }
        // ABORTED inside a transaction is the transaction runner's to retry, as a whole.
        let kind: RetryPolicy.CallKind = safe && transaction == nil ? .idempotent : .nonIdempotent
        let response = try await send("POST", configuration.documentsRoot + ":commit", body: try JSONEncoder().encode(request), kind: kind)
        return try decode(CommitResponse.self, response.body)
    }

    /// Runs a structured query under `parent` (the documents root, or a document for its
    /// subcollections); returns the matching documents in order.
    public func runQuery(_ query: StructuredQuery, parent: String? = nil, transaction: String? = nil) async throws -> [FirestoreDocument] {
        struct Request: Encodable {
            var structuredQuery: StructuredQuery
            var transaction: String?
        }
        let body = try JSONEncoder().encode(Request(structuredQuery: query, transaction: transaction))
        let response = try await send("POST", (parent ?? configuration.documentsRoot) + ":runQuery", body: body, kind: .idempotent)
        var stream = JSONArrayStream()
        let elements = try stream.feed(response.body)
        return try elements.compactMap { try decode(RunQueryResponse.self, $0).document }
    }

    // MARK: Transactions

    public func beginTransaction(retrying previous: String?) async throws -> String {
        struct Options: Encodable {
            struct ReadWrite: Encodable { var retryTransaction: String? }
            struct Wrapper: Encodable { var readWrite: ReadWrite }
            var options: Wrapper
        }
        struct Response: Decodable { var transaction: String }
        let body = try JSONEncoder().encode(Options(options: .init(readWrite: .init(retryTransaction: previous))))
        let response = try await send("POST", configuration.documentsRoot + ":beginTransaction", body: body, kind: .idempotent)
        return try decode(Response.self, response.body).transaction
    }

    public func get(name: String, transaction: String) async throws -> FirestoreDocument? {
        try await get(name: name, transaction: Optional(transaction))
    }

    public func commit(writes: [Write], transaction: String) async throws {
        _ = try await commit(writes: writes, transaction: Optional(transaction))
    }

    public func rollback(transaction: String) async throws {
        struct Request: Encodable { var transaction: String }
        _ = try await send("POST", configuration.documentsRoot + ":rollback", body: try JSONEncoder().encode(Request(transaction: transaction)),
                           kind: .idempotent)
    }

    // MARK: Plumbing

    private func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw FirestoreError.malformedResponse("\(T.self): \(error)")
        }
    }

    /// Sends one call, retrying as the policy allows for its kind.
    func send(_ method: String, _ resource: String, query: [String: String] = [:], body: Data? = nil,
              kind: RetryPolicy.CallKind) async throws -> HTTPResponse {
        var url = configuration.baseURL + "/v1/" + (resource.addingPercentEncoding(withAllowedCharacters: Self.pathCharacters) ?? resource)
        if !query.isEmpty {
            url += "?" + query.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.value)" }
                .joined(separator: "&")
        }
        var attempt = 1
        while true {
            var headers: [(name: String, value: String)] = [("Accept", "application/json")]
            if body != nil { headers.append(("Content-Type", "application/json")) }
            if let token = try await configuration.credentials.accessToken() { headers.append(("Authorization", "Bearer \(token.value)")) }
            let failure: FirestoreError
            do {
                let response = try await transport.send(HTTPRequest(method: method, url: url, headers: headers, body: body,
                                                                    timeout: configuration.requestTimeout))
                if (200..<300).contains(response.status) { return response }
                failure = FirestoreError.fromResponse(httpStatus: response.status, body: response.body)
            } catch let error as TransportError {
                failure = .transport(error)
            }
            guard configuration.retryPolicy.shouldRetry(failure, attempt: attempt, kind: kind) else { throw failure }
            try await sleep(configuration.retryPolicy.backoff(afterAttempt: attempt))
            attempt += 1
        }
    }

    /// Path characters left as they are: everything `urlPathAllowed` keeps, including `:` for
    /// custom methods such as `documents:commit`.
    static let pathCharacters: CharacterSet = {
        var characters = CharacterSet.urlPathAllowed
        characters.insert(charactersIn: ":")
        return characters
    }()
}
