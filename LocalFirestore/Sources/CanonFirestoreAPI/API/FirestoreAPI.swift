import CanonRuntime
import Foundation

/// Firestore's REST API v1 over a ``Store``: routes a request, reads it, runs it, writes the
/// answer. Knows nothing of the HTTP stack, so tests and benchmarks can call it directly too.
public final class FirestoreAPI: Sendable {
    let store: Store
    /// The faults in force for this API.
    public let faults: FaultInjector

    init(store: Store, faults: FaultInjector) {
        self.store = store
        self.faults = faults
    }

    /// Answers one request: routes it, applies any fault, refuses it once its deadline passed,
    /// runs the method, and turns every failure into a `google.rpc.Status` answer.
    public func handle(_ request: APIRequest) async -> APIResponse {
        let route = Route.resolve(method: request.method, path: request.path)
        if route != .faults, let action = faults.action(for: route.methodName) {
            switch action {
            case .fail(let code, let message):
                return .error(RPCError(code, message ?? "Injected fault: \(code.rawValue) for \(route.methodName)."))
            case .delay(let duration):
                try? await Task.sleep(for: duration)
            case .drop:
                return APIResponse(status: 200, body: .drop)
            }
        }
        // A request handled after its deadline would land after its client gave up and moved
        // on: refused instead, as Google's front end refuses it.
        if let deadline = request.deadline, ContinuousClock.now > deadline {
            return .error(RPCError(.deadlineExceeded, "The request's deadline (X-Server-Timeout) passed before it was handled."))
        }
        do {
            return try APIRequest.$currentDeadline.withValue(request.deadline) { try dispatch(route, request) }
        } catch let error as RPCError {
            return .error(error)
        } catch {
            return .error(RPCError(.internal, "\(error)"))  // not reached: dispatch throws only RPCError
        }
    }

    private func dispatch(_ route: Route, _ request: APIRequest) throws(RPCError) -> APIResponse {
        switch route {
        case .get(let name): return try get(name, request)
        case .listDocuments(let parent, let collectionID): return try listDocuments(parent, collectionID, request)
        case .createDocument(let parent, let collectionID): return try createDocument(parent, collectionID, request)
        case .patch(let name): return try patch(name, request)
        case .delete(let name): return try delete(name, request)
        case .custom(let resource, let verb):
            guard request.method == "POST" else { throw RPCError(.notFound, "No method \(verb) for \(request.method).") }
            return try custom(resource, verb, request)
        case .resetDatabase(let project, let database):
            try store.reset(DatabaseName(project: project, database: database))
            return .empty
        case .faults:
            return try faultsEndpoint(request)
        case .unimplemented(let what):
            throw RPCError.unimplemented(what)
        case .invalid(let message):
            throw RPCError.invalid(message)
        case .notFound:
            throw RPCError(.notFound, "No Firestore REST method answers \(request.method) \(request.path).")
        }
    }

    private func custom(_ resource: String, _ verb: String, _ request: APIRequest) throws(RPCError) -> APIResponse {
        let body = try RequestDecoding.parse(request.body)
        switch verb {
        case "batchGet", "commit", "beginTransaction", "rollback":
            let (database, rest) = try ResourceName.parse(resource)
            guard rest.isEmpty else { throw RPCError.invalid("\(verb) is a method of the database, \(database)/documents, not of \(resource).") }
            switch verb {
            case "batchGet": return try batchGet(database, body)
            case "commit": return try commit(database, body)
            case "beginTransaction": return try beginTransaction(database, body)
            default: return try rollback(database, body)
            }
        case "runQuery", "runAggregationQuery", "listCollectionIds":
            let (database, parent) = try ResourceName.parent(resource)
            switch verb {
            case "runQuery": return try runQuery(database, parent, body)
            case "runAggregationQuery": return try runAggregationQuery(database, parent, body)
            default: return try listCollectionIDs(database, parent, body)
            }
        default:
            throw RPCError.unimplemented("The \(verb) method")
        }
    }

    // MARK: Masks and preconditions from the query string

    private func mask(_ request: APIRequest) throws(RPCError) -> [ParsedFieldPath]? {
        let paths = request.values("mask.fieldPaths")
        if paths.isEmpty { return nil }
        return try paths.map { text throws(RPCError) in try ParsedFieldPath(text) }
    }

    private func precondition(_ request: APIRequest) throws(RPCError) -> (Bool?, Timestamp?) {
        var exists: Bool?
        if let text = request.value("currentDocument.exists") {
            guard text == "true" || text == "false" else { throw RPCError.invalid("Invalid value at 'current_document.exists' (TYPE_BOOL), \"\(text)\"") }
            exists = text == "true"
        }
        let updateTime = try request.value("currentDocument.updateTime").map { text throws(RPCError) in
            try RequestDecoding.timestamp(text, at: "current_document.update_time")
        }
        if exists != nil, updateTime != nil { throw RPCError.invalid("A precondition sets both exists and updateTime (oneof condition_type).") }
        return (exists, updateTime)
    }

    private func consistency(_ request: APIRequest) throws(RPCError) -> ReadConsistency {
        let transaction = try request.value("transaction").map { text throws(RPCError) in try RequestDecoding.bytes(text, at: "transaction") }
        let readTime = try request.value("readTime").map { text throws(RPCError) in try RequestDecoding.timestamp(text, at: "read_time") }
        if transaction != nil, readTime != nil { throw RPCError.invalid("Only one of transaction and readTime may be set (oneof consistency_selector).") }
        if let transaction { return .transaction(transaction) }
        if let readTime { return .readTime(readTime) }
        return .current
    }

    // MARK: Documents

    private func get(_ name: String, _ request: APIRequest) throws(RPCError) -> APIResponse {
        let (database, path) = try ResourceName.document(name)
        let mask = try mask(request)
        let result = try store.read(database, paths: [path], consistency: try consistency(request))
        guard let snapshot = result.documents[0].document else { throw RPCError(.notFound, "Document \"\(name)\" not found.") }
        var writer = JSONWriter()
        writer.document(snapshot, database: database, mask: mask)
        return .json(writer.bytes)
    }

    private func createDocument(_ parent: String, _ collectionID: String, _ request: APIRequest) throws(RPCError) -> APIResponse {
        let (database, parentPath) = try ResourceName.parent(parent)
        try ResourceName.checkID(collectionID, in: "\(parent)/\(collectionID)")
        let id = request.value("documentId").flatMap { $0.isEmpty ? nil : $0 } ?? DocumentIDRules.automaticID()
        try ResourceName.checkID(id, in: "\(parent)/\(collectionID)/\(id)")
        let mask = try mask(request)
        let document = try ValueDecoding.document(try RequestDecoding.parse(request.body), at: "document")
        if let name = document.name, !name.isEmpty {
            throw RPCError.invalid("The document to create must not have a name; the name comes from the URL and documentId.")
        }
        try RequestDecoding.checkWritable(document.fields, at: "document")
        let path = DocumentPath(segments: parentPath + [collectionID, id])
        let write = WriteOperation(path: path, kind: .update(fields: document.fields, mask: nil), transforms: [], exists: false)
        let result = try store.commit(database, writes: [write], transaction: nil)
        return try answerDocument(result, path: path, database: database, mask: mask)
    }

    private func patch(_ name: String, _ request: APIRequest) throws(RPCError) -> APIResponse {
        let (database, path) = try ResourceName.document(name)
        let mask = try mask(request)
        let updatePaths = request.values("updateMask.fieldPaths")
        let updateMask = updatePaths.isEmpty ? nil : try updatePaths.map { text throws(RPCError) in try ParsedFieldPath(text) }
        let (exists, updateTime) = try precondition(request)
        let document = try ValueDecoding.document(try RequestDecoding.parse(request.body), at: "document")
        if let bodyName = document.name, !bodyName.isEmpty, bodyName != name {
            throw RPCError.invalid("The document's name \"\(bodyName)\" does not match the URL's \"\(name)\".")
        }
        try RequestDecoding.checkWritable(document.fields, at: "document")
        let write = WriteOperation(path: path, kind: .update(fields: document.fields, mask: updateMask),
                                   transforms: [], exists: exists, updateTime: updateTime)
        let result = try store.commit(database, writes: [write], transaction: nil)
        return try answerDocument(result, path: path, database: database, mask: mask)
    }

    private func answerDocument(_ result: Store.CommitResult, path: DocumentPath, database: DatabaseName, mask: [ParsedFieldPath]?) throws(RPCError) -> APIResponse {
        guard let stored = result.documents[path] ?? nil else { throw RPCError(.internal, "The written document is missing.") }
        var writer = JSONWriter()
        writer.document(Store.snapshot(path, stored), database: database, mask: mask)
        return .json(writer.bytes)
    }

    private func delete(_ name: String, _ request: APIRequest) throws(RPCError) -> APIResponse {
        let (database, path) = try ResourceName.document(name)
        let (exists, updateTime) = try precondition(request)
        let write = WriteOperation(path: path, kind: .delete, transforms: [], exists: exists, updateTime: updateTime)
        _ = try store.commit(database, writes: [write], transaction: nil)
        return .empty
    }

    // MARK: Listing

    private func listDocuments(_ parent: String, _ collectionID: String, _ request: APIRequest) throws(RPCError) -> APIResponse {
        let (database, parentPath) = try ResourceName.parent(parent)
        try ResourceName.checkID(collectionID, in: "\(parent)/\(collectionID)")
        let mask = try mask(request)
        let showMissing = request.value("showMissing") == "true"
        let pageSize = try request.value("pageSize").map { text throws(RPCError) -> Int in
            guard let size = Int32(text), size >= 0 else { throw RPCError.invalid("Invalid value at 'page_size' (TYPE_INT32), \"\(text)\"") }
            return Int(size)
        }
        let orderText = request.value("orderBy") ?? ""
        if showMissing, !orderText.isEmpty { throw RPCError.invalid("Requests with showMissing may not specify orderBy.") }
        let consistency = try consistency(request)
        var order = try ListOrder.parse(orderText)
        if !order.contains(where: { $0.path.isDocumentName }) {
            order.append(Query.Order(path: .documentName, descending: order.last?.descending ?? false))
        }
        // The page token is the cursor after the last document of the previous page.
        let after = try request.value("pageToken").flatMap { $0.isEmpty ? nil : $0 }.map { token throws(RPCError) in try PageToken.decode(token) }

        var rows: [(path: DocumentPath, document: DocumentSnapshot?)]
        if showMissing || order.count == 1 {
            var lastPath: DocumentPath?
            if let after, case .reference(let lastName)? = after.first { lastPath = try ResourceName.document(lastName).1 }
            rows = try store.list(database, collection: parentPath + [collectionID], consistency: consistency, showMissing: showMissing,
                                  descending: order[0].descending, after: lastPath, pageSize: pageSize.flatMap { $0 > 0 ? $0 : nil })
        } else {
            let query = Query(collectionID: collectionID, allDescendants: false, filter: nil, orderBy: order,
                              startAt: after.map { Query.Cursor(values: $0, before: false) }, endAt: nil, offset: 0, limit: nil, select: nil)
            rows = try store.query(database, parent: parentPath, query: query, consistency: consistency).documents.map { ($0.path, $0) }
        }
        var nextToken: String?
        if let pageSize, pageSize > 0, rows.count > pageSize {
            rows.removeLast(rows.count - pageSize)
            let last = rows[rows.count - 1]
            let values: [FirestoreValue] = order.map { item in
                item.path.isDocumentName ? .reference(database.name(of: last.path))
                    : last.document.flatMap { Fields.value(at: item.path, in: $0.fields) } ?? .null
            }
            nextToken = PageToken.encode(values)
        }
        var writer = JSONWriter()
        writer.byte("{")
        var first = true
        if !rows.isEmpty {
            writer.member("documents", first: true)
            first = false
            writer.byte("[")
            for (offset, row) in rows.enumerated() {
                if offset > 0 { writer.byte(",") }
                if let document = row.document {
                    writer.document(document, database: database, mask: mask)
                } else {
                    writer.raw("{\"name\":")
                    writer.string(database.name(of: row.path))
                    writer.byte("}")
                }
            }
            writer.byte("]")
        }
        if let nextToken {
            writer.member("nextPageToken", first: first)
            writer.string(nextToken)
        }
        writer.byte("}")
        return .json(writer.bytes)
    }

    private func listCollectionIDs(_ database: DatabaseName, _ parent: [String], _ body: JSON) throws(RPCError) -> APIResponse {
        var reader = try ObjectReader(body, at: "")
        let pageSize = try reader.integer("pageSize")
        let pageToken = try reader.string("pageToken")
        let readTime = try reader.string("readTime").map { text throws(RPCError) in try RequestDecoding.timestamp(text, at: "readTime") }
        try reader.finish()
        var ids = try store.collectionIDs(database, parent: parent, readTime: readTime)
        if let pageToken, !pageToken.isEmpty {
            guard let data = Data(base64Encoded: pageToken), let last = String(data: data, encoding: .utf8) else {
                throw RPCError.invalid("Invalid page token.")
            }
            ids.removeAll { !last.precedesByBytes($0) }
        }
        var next: String?
        if let pageSize, pageSize > 0, ids.count > pageSize {
            ids.removeLast(ids.count - Int(pageSize))
            next = Data(ids.last!.utf8).base64EncodedString()
        }
        var members: [(key: String, value: JSON)] = []
        if !ids.isEmpty { members.append(("collectionIds", .array(ids.map { .string($0) }))) }
        if let next { members.append(("nextPageToken", .string(next))) }
        var writer = JSONWriter()
        writer.json(.object(members))
        return .json(writer.bytes)
    }

    // MARK: Batch reads

    private func batchGet(_ database: DatabaseName, _ body: JSON) throws(RPCError) -> APIResponse {
        var reader = try ObjectReader(body, at: "")
        var paths: [DocumentPath] = []
        var names: [String] = []
        for (offset, element) in try reader.array("documents").enumerated() {
            guard case .string(let name) = element else { throw RPCError.invalid("Invalid value at 'documents[\(offset)]' (TYPE_STRING)") }
            let (documentDatabase, path) = try ResourceName.document(name)
            guard documentDatabase == database else { throw RPCError.invalid("Document \"\(name)\" is not in \(database).") }
            paths.append(path)
            names.append(name)
        }
        let mask = try reader.take("mask").map { json throws(RPCError) in try RequestDecoding.mask(json, at: "mask") }
        let consistency = try RequestDecoding.consistency(&reader)
        try reader.finish()
        let result = try store.read(database, paths: paths, consistency: consistency)
        var chunker = ArrayChunker()
        if let transaction = result.transaction {
            chunker.append { writer in
                writer.raw("{\"transaction\":")
                writer.string(Data(transaction).base64EncodedString())
                writer.raw(",\"readTime\":")
                writer.string(result.readTime.rfc3339)
                writer.byte("}")
            }
        }
        for (index, item) in result.documents.enumerated() {
            chunker.append { writer in
                if let document = item.document {
                    writer.raw("{\"found\":")
                    writer.document(document, database: database, mask: mask)
                } else {
                    writer.raw("{\"missing\":")
                    writer.string(names[index])
                }
                writer.raw(",\"readTime\":")
                writer.string(result.readTime.rfc3339)
                writer.byte("}")
            }
        }
        return APIResponse(status: 200, body: .chunks(chunker.finish()))
    }

    // MARK: Queries

    private func runQuery(_ database: DatabaseName, _ parent: [String], _ body: JSON) throws(RPCError) -> APIResponse {
        var reader = try ObjectReader(body, at: "")
        guard let queryJSON = reader.take("structuredQuery") else { throw RPCError.invalid("runQuery needs a structuredQuery.") }
        let query = try RequestDecoding.structuredQuery(queryJSON, at: "structured_query")
        if reader.take("explainOptions") != nil { throw RPCError.unimplemented("explainOptions (query explain)") }
        if reader.take("structuredPipeline") != nil { throw RPCError.unimplemented("structuredPipeline") }
        let consistency = try RequestDecoding.consistency(&reader)
        try reader.finish()
        let result = try store.query(database, parent: parent, query: query, consistency: consistency)
        let readTime = result.readTime.rfc3339
        var chunker = ArrayChunker()
        func extras(_ writer: inout JSONWriter, first: Bool) {
            if first, let transaction = result.transaction {
                writer.raw(",\"transaction\":")
                writer.string(Data(transaction).base64EncodedString())
            }
            if first, result.skipped > 0 { writer.raw(",\"skippedResults\":\(result.skipped)") }
        }
        if result.documents.isEmpty {
            chunker.append { writer in
                writer.raw("{\"readTime\":")
                writer.string(readTime)
                extras(&writer, first: true)
                writer.byte("}")
            }
        }
        for (index, document) in result.documents.enumerated() {
            chunker.append { writer in
                writer.raw("{\"document\":")
                writer.document(document, database: database, mask: nil)
                writer.raw(",\"readTime\":")
                writer.string(readTime)
                extras(&writer, first: index == 0)
                writer.byte("}")
            }
        }
        return APIResponse(status: 200, body: .chunks(chunker.finish()))
    }

    private func runAggregationQuery(_ database: DatabaseName, _ parent: [String], _ body: JSON) throws(RPCError) -> APIResponse {
        var reader = try ObjectReader(body, at: "")
        guard let aggregationJSON = reader.take("structuredAggregationQuery") else {
            throw RPCError.invalid("runAggregationQuery needs a structuredAggregationQuery.")
        }
        if reader.take("explainOptions") != nil { throw RPCError.unimplemented("explainOptions (query explain)") }
        let consistency = try RequestDecoding.consistency(&reader)
        try reader.finish()
        var inner = try ObjectReader(aggregationJSON, at: "structured_aggregation_query")
        guard let queryJSON = inner.take("structuredQuery") else { throw RPCError.invalid("The aggregation needs a structuredQuery.") }
        var query = try RequestDecoding.structuredQuery(queryJSON, at: "structured_aggregation_query.structured_query")
        let aggregations = try inner.array("aggregations").enumerated().map { item throws(RPCError) in
            try Aggregation.decode(item.element, at: "structured_aggregation_query.aggregations[\(item.offset)]")
        }
        try inner.finish()
        try Aggregation.check(aggregations)
        query.select = nil
        let result = try store.query(database, parent: parent, query: query, consistency: consistency)
        var fields: [String: FirestoreValue] = [:]
        // Unnamed aggregations are called field_1, field_2, … in order, counting only themselves.
        var unnamed = 0
        for aggregation in aggregations {
            var alias = aggregation.alias
            if alias == nil {
                unnamed += 1
                alias = "field_\(unnamed)"
            }
            fields[alias!] = aggregation.compute(over: result.documents)
        }
        var chunker = ArrayChunker()
        chunker.append { writer in
            writer.raw("{\"result\":{\"aggregateFields\":")
            writer.fields(fields)
            writer.raw("},\"readTime\":")
            writer.string(result.readTime.rfc3339)
            if let transaction = result.transaction {
                writer.raw(",\"transaction\":")
                writer.string(Data(transaction).base64EncodedString())
            }
            writer.byte("}")
        }
        return APIResponse(status: 200, body: .chunks(chunker.finish()))
    }

    // MARK: Writes and transactions

    private func commit(_ database: DatabaseName, _ body: JSON) throws(RPCError) -> APIResponse {
        let (writes, transaction) = try RequestDecoding.commit(body, database: database)
        let result = try store.commit(database, writes: writes, transaction: transaction)
        var writer = JSONWriter()
        writer.byte("{")
        if !result.writeResults.isEmpty {
            writer.raw("\"writeResults\":[")
            for (offset, item) in result.writeResults.enumerated() {
                if offset > 0 { writer.byte(",") }
                writer.byte("{")
                if let time = item.updateTime {
                    writer.raw("\"updateTime\":")
                    writer.string(time.rfc3339)
                }
                if !item.transformResults.isEmpty {
                    writer.raw(item.updateTime == nil ? "\"transformResults\":[" : ",\"transformResults\":[")
                    for (index, value) in item.transformResults.enumerated() {
                        if index > 0 { writer.byte(",") }
                        writer.value(value)
                    }
                    writer.byte("]")
                }
                writer.byte("}")
            }
            writer.raw("],")
        }
        writer.raw("\"commitTime\":")
        writer.string(result.commitTime.rfc3339)
        writer.byte("}")
        return .json(writer.bytes)
    }

    private func beginTransaction(_ database: DatabaseName, _ body: JSON) throws(RPCError) -> APIResponse {
        var reader = try ObjectReader(body, at: "")
        let options = try reader.take("options").map { json throws(RPCError) in try RequestDecoding.transactionOptions(json, at: "options") }
            ?? TransactionOptions(readOnly: false, readTime: nil)
        try reader.finish()
        let id = try store.beginTransaction(database, options: options)
        var writer = JSONWriter()
        writer.json(.object([("transaction", .string(Data(id).base64EncodedString()))]))
        return .json(writer.bytes)
    }

    private func rollback(_ database: DatabaseName, _ body: JSON) throws(RPCError) -> APIResponse {
        var reader = try ObjectReader(body, at: "")
        guard let text = try reader.string("transaction") else { throw RPCError.invalid("rollback needs a transaction.") }
        let id = try RequestDecoding.bytes(text, at: "transaction")
        try reader.finish()
        try store.rollback(database, id: id)
        return .empty
    }

    // MARK: Faults over HTTP (for the executable)

    private func faultsEndpoint(_ request: APIRequest) throws(RPCError) -> APIResponse {
        switch request.method {
        case "DELETE":
            faults.clear()
            return .empty
        case "POST":
            var reader = try ObjectReader(try RequestDecoding.parse(request.body), at: "")
            let method = try reader.string("method")
            let times = try reader.integer("times").map(Int.init)
            let probability = try reader.double("probability") ?? 1
            let failure = try reader.string("fail")
            let message = try reader.string("message")
            let delay = try reader.integer("delayMs")
            let drop = try reader.bool("drop") ?? false
            try reader.finish()
            let action: Fault.Action
            if let failure {
                guard let code = RPCCode(rawValue: failure) else { throw RPCError.invalid("Unknown status \(failure).") }
                action = .fail(code, message: message)
            } else if let delay {
                action = .delay(.milliseconds(delay))
            } else if drop {
                action = .drop
            } else {
                throw RPCError.invalid("A fault needs one of fail, delayMs or drop.")
            }
            faults.inject(Fault(method: method, action: action, times: times, probability: probability))
            return .empty
        default:
            throw RPCError(.notFound, "Use POST to add a fault and DELETE to clear them.")
        }
    }
}
