import Foundation

// The answers of the REST calls the client makes.
extension FirestoreJSON {
    /// One element of a `runQuery` answer.
    public static func runQueryResponse(from data: Data) throws -> RunQueryResponse {
        try parse(data) { parser in
            var response = RunQueryResponse()
            try parser.object { parser, key in
                switch key {
                case "document": response.document = try parser.document()
                case "readTime": response.readTime = try parser.timestamp()
                case "skippedResults": response.skippedResults = Int(try parser.numberText())
                case "transaction": response.transaction = try parser.string()
                default: try parser.skipValue()
                }
            }
            return response
        }
    }

    /// One element of a `batchGet` answer: a found document, or the name of a missing one.
    public static func batchGetResponse(from data: Data) throws -> (found: FirestoreDocument?, missing: String?) {
        try parse(data) { parser in
            var found: FirestoreDocument?
            var missing: String?
            try parser.object { parser, key in
                switch key {
                case "found": found = try parser.document()
                case "missing": missing = try parser.string()
                default: try parser.skipValue()
                }
            }
            return (found, missing)
        }
    }

    /// A `commit` answer.
    public static func commitResponse(from data: Data) throws -> CommitResponse {
        try parse(data) { parser in
            var response = CommitResponse()
            try parser.object { parser, key in
                switch key {
                case "writeResults":
                    var results: [CommitResponse.WriteResult] = []
                    try parser.array { parser in
                        var result = CommitResponse.WriteResult()
                        try parser.object { parser, key in
                            switch key {
                            case "updateTime": result.updateTime = try parser.timestamp()
                            case "transformResults":
                                var values: [FirestoreValue] = []
                                try parser.array { values.append(try $0.value()) }
                                result.transformResults = values
                            default: try parser.skipValue()
                            }
                        }
                        results.append(result)
                    }
                    response.writeResults = results
                case "commitTime": response.commitTime = try parser.timestamp()
                default: try parser.skipValue()
                }
            }
            return response
        }
    }

    /// A `listDocuments` answer.
    static func documentPage(from data: Data) throws -> FirestoreClient.DocumentPage {
        try parse(data) { parser in
            var page = FirestoreClient.DocumentPage(documents: [], nextPageToken: nil)
            try parser.object { parser, key in
                switch key {
                case "documents": try parser.array { page.documents.append(try $0.document()) }
                case "nextPageToken":
                    let token = try parser.string()
                    page.nextPageToken = token.isEmpty ? nil : token
                default: try parser.skipValue()
                }
            }
            return page
        }
    }

    /// One element of a `runAggregationQuery` answer: its results by alias, if it has them.
    static func aggregationResponse(from data: Data) throws -> [String: FirestoreValue]? {
        try parse(data) { parser in
            var fields: [String: FirestoreValue]?
            try parser.object { parser, key in
                guard key == "result" else { return try parser.skipValue() }
                try parser.object { parser, key in
                    if key == "aggregateFields" { fields = try parser.fields() } else { try parser.skipValue() }
                }
            }
            return fields
        }
    }

    /// A `beginTransaction` answer: the transaction's ID.
    static func beginTransactionResponse(from data: Data) throws -> String {
        try parse(data) { parser in
            var transaction: String?
            try parser.object { parser, key in
                if key == "transaction" { transaction = try parser.string() } else { try parser.skipValue() }
            }
            guard let transaction else { throw parser.fail("beginTransaction answered no transaction") }
            return transaction
        }
    }

    /// A `listCollectionIds` answer: the IDs, and the token of the next page if there is one.
    static func collectionIDsResponse(from data: Data) throws -> (ids: [String], nextPageToken: String?) {
        try parse(data) { parser in
            var ids: [String] = []
            var token: String?
            try parser.object { parser, key in
                switch key {
                case "collectionIds": try parser.array { ids.append(try $0.string()) }
                case "nextPageToken": token = try parser.string()
                default: try parser.skipValue()
                }
            }
            return (ids, token?.isEmpty == false ? token : nil)
        }
    }

    /// An error answer's `google.rpc.Status` (`{"error": {"code", "message", "status", …}}`).
    static func status(from data: Data) throws -> FirestoreError.Status {
        try parse(data) { parser in
            var status: FirestoreError.Status?
            try parser.object { parser, key in
                guard key == "error" else { return try parser.skipValue() }
                var code: Int?, message = "", name: String?
                try parser.object { parser, key in
                    switch key {
                    case "code": code = Int(try parser.numberText())
                    case "message": message = try parser.string()
                    case "status": name = try parser.string()
                    default: try parser.skipValue()
                    }
                }
                guard let code, let name else { throw parser.fail("a Status needs a code and a status") }
                status = FirestoreError.Status(code: code, message: message, status: name)
            }
            guard let status else { throw parser.fail("no error object") }
            return status
        }
    }

    /// Runs `read` over the bytes and checks that nothing follows what it read.
    static func parse<Result>(_ data: Data, _ read: (inout Parser) throws -> Result) throws -> Result {
        try data.withUnsafeBytes { raw in
            var parser = Parser(bytes: raw.bindMemory(to: UInt8.self))
            let result = try read(&parser)
            try parser.end()
            return result
        }
    }
}

/// One element of `runQuery`'s streamed answer.
public struct RunQueryResponse: Sendable, Hashable {
    /// A result, if this element carries one.
    public var document: FirestoreDocument?
    /// The time the results are as of.
    public var readTime: Timestamp?
    /// Results skipped by the query's offset since the last element.
    public var skippedResults: Int?
    /// The transaction the query began, if it asked for one.
    public var transaction: String?

    /// Creates a response element.
    public init(document: FirestoreDocument? = nil, readTime: Timestamp? = nil, skippedResults: Int? = nil, transaction: String? = nil) {
        self.document = document
        self.readTime = readTime
        self.skippedResults = skippedResults
        self.transaction = transaction
    }
}
