import CanonRuntime
import CanonTestSupport
import Foundation
import Testing

/// Google's Firestore client conformance tests (`../shared/firestore-spec/conformance-v1`, loaded
/// at test time, never copied): every `get`, `create`, `set`, `update`, `updatePaths` and
/// `delete` and `query` case must build exactly the expected request, or fail where the case
/// says it must. The request is compared as the client sends it: the JSON `FirestoreJSON`
/// writes, member for member. `listen` cases are out of scope.
@Suite("Firestore conformance")
struct ConformanceTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/firestore-spec/conformance-v1")

    struct Case: Sendable, CustomStringConvertible {
        var file: String
        var description: String
        var kind: String
        var body: JSONNode
    }

    static let supportedKinds: Set<String> = ["get", "create", "set", "update", "updatePaths", "delete", "query"]

    static func allCases() -> [Case] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        var cases: [Case] = []
        for file in files {
            guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8),
                  let root = try? JSONNode.parse(text), case .array(let tests)? = root["tests"]
            else { continue }
            for test in tests {
                guard case .object(let members) = test,
                      let (kind, body) = members.first(where: { !["description", "comment"].contains($0.0) })
                else { continue }
                cases.append(Case(file: file, description: test["description"]?.string ?? file, kind: kind, body: body))
            }
        }
        return cases
    }

    static let cases = allCases()

    @Test("the spec is there and every supported case passes")
    func summary() async throws {
        let supported = Self.cases.filter { Self.supportedKinds.contains($0.kind) }
        // `get` cases go through the runtime's client, to a transport that records what it was
        // asked and answers with the document.
        let server = TestTransport { request in
            let name = String(request.path.dropFirst("/v1/".count)).removingPercentEncoding ?? ""
            return (200, Data(#"{"name":"\#(name)","fields":{},"createTime":"2026-01-01T00:00:00Z","updateTime":"2026-01-01T00:00:00Z"}"#.utf8))
        }
        let client = FirestoreClient(configuration: try FirestoreConfiguration.fromEnvironment(
            projectID: "projectID", environment: ["FIRESTORE_EMULATOR_HOST": "127.0.0.1:8080"]), transport: server)
        var failures: [String] = []
        for test in supported {
            do {
                if test.kind == "get" {
                    try await Self.runGet(test, client: client, server: server)
                } else {
                    try Self.run(test)
                }
            } catch {
                failures.append("\(test.file): \(test.description): \(error)")
            }
        }
        let skipped = Dictionary(grouping: Self.cases.filter { !Self.supportedKinds.contains($0.kind) }, by: \.kind).mapValues(\.count)
        print("conformance: \(supported.count) ran, \(supported.count - failures.count) passed, \(failures.count) failed; "
            + "not run: \(skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))")
        #expect(supported.count >= 214, "the conformance files at \(Self.folder.path) are missing")
        let report = "\(failures.count) failing:\n" + failures.joined(separator: "\n")
        #expect(failures.isEmpty, "\(report)")
    }

    struct Mismatch: Error, CustomStringConvertible {
        var description: String
    }

    /// A `get` case: `FirestoreClient.get` must ask for exactly the document of the expected
    /// `GetDocumentRequest` (`GET /v1/{name}`) and return it.
    static func runGet(_ test: Case, client: FirestoreClient, server: TestTransport) async throws {
        guard let path = test.body["docRefPath"]?.string, let name = test.body["request"]?["name"]?.string else {
            throw Mismatch(description: "no docRefPath or expected request")
        }
        let asked = server.requests.count
        let document = try await client.get(name: path)
        let requests = server.requests.dropFirst(asked).map { "\($0.method) \($0.path)" }
        let expected = "GET /v1/\(name)"
        guard requests.count == 1, requests.first?.removingPercentEncoding == expected else {
            throw Mismatch(description: "asked \(Array(requests)), expected \(expected)")
        }
        guard document?.name == name else { throw Mismatch(description: "returned \(String(describing: document?.name))") }
    }

    /// Builds the case's request (or expects an error) and compares it with the expected one.
    static func run(_ test: Case) throws {
        let body = test.body
        let expectsError = body["isError"] == .bool(true)
        if test.kind == "query" { return try runQuery(body, expectsError: expectsError) }
        guard let path = body["docRefPath"]?.string else { throw Mismatch(description: "no docRefPath") }
        let built: Result<Write, any Error> = Result { try write(test.kind, body, path: path) }
        switch (built, expectsError) {
        case (.failure, true):
            return
        case (.success(let write), true):
            throw Mismatch(description: "expected an error, built \(text(FirestoreJSON.data(for: CommitRequest(database: "", writes: [write]))))")
        case (.failure(let error), false):
            throw Mismatch(description: "unexpected error: \(error)")
        case (.success(let write), false):
            guard let expectedNode = body["request"] else { throw Mismatch(description: "no expected request") }
            let database = String(path[..<path.range(of: "/documents/")!.lowerBound])
            try compare(FirestoreJSON.data(for: CommitRequest(database: database, writes: [write])), expectedNode)
        }
    }

    static func runQuery(_ body: JSONNode, expectsError: Bool) throws {
        guard let collection = body["collPath"]?.string, case .array(let clauses)? = body["clauses"] else {
            throw Mismatch(description: "no collPath or clauses")
        }
        let built: Result<StructuredQuery, any Error> = Result {
            var builder = QueryBuilder(collectionPath: collection)
            for clause in clauses {
                guard case .object(let members) = clause, let (name, argument) = members.first else { throw Mismatch(description: "bad clause") }
                try apply(name, argument, to: &builder)
            }
            return try builder.build()
        }
        switch (built, expectsError) {
        case (.failure, true):
            return
        case (.success(let query), true):
            throw Mismatch(description: "expected an error, built \(text(FirestoreJSON.data(for: query)))")
        case (.failure(let error), false):
            throw Mismatch(description: "unexpected error: \(error)")
        case (.success(let query), false):
            guard let expectedNode = body["query"] else { throw Mismatch(description: "no expected query") }
            try compare(FirestoreJSON.data(for: query), expectedNode)
        }
    }

    /// The operators as the clients (and the conformance files) spell them.
    static let clientOperators: [String: QueryOperator] = [
        "<": .lessThan, "<=": .lessThanOrEqual, ">": .greaterThan, ">=": .greaterThanOrEqual, "==": .equal, "!=": .notEqual,
        "array-contains": .arrayContains, "in": .in, "not-in": .notIn, "array-contains-any": .arrayContainsAny,
    ]

    static func apply(_ name: String, _ argument: JSONNode, to builder: inout QueryBuilder) throws {
        switch name {
        case "select":
            guard case .array(let fields)? = argument["fields"] else { throw Mismatch(description: "select needs fields") }
            builder.select(try fields.map(fieldPath))
        case "where":
            guard let path = argument["path"], let op = argument["op"]?.string, let text = argument["jsonValue"]?.string else {
                throw Mismatch(description: "where needs path, op and jsonValue")
            }
            guard let operation = clientOperators[op] else { throw WriteError("unknown operator \(op)") }
            builder.filter(try fieldPath(path), operation, try plainValue(JSONNode.parse(text)))
        case "orderBy":
            guard let path = argument["path"], let direction = argument["direction"]?.string else { throw Mismatch(description: "orderBy needs path") }
            builder.order(by: try fieldPath(path), descending: direction == "desc")
        case "offset":
            guard case .number(let text) = argument, let count = Int(text) else { throw Mismatch(description: "offset is a number") }
            builder.offset(count)
        case "limit":
            guard case .number(let text) = argument, let count = Int(text) else { throw Mismatch(description: "limit is a number") }
            builder.limit(count)
        case "startAt", "startAfter", "endAt", "endBefore":
            let source: QueryBuilder.CursorSource
            if let snapshot = argument["docSnapshot"] {
                guard let name = snapshot["path"]?.string, let text = snapshot["jsonData"]?.string,
                      case .map(let fields) = try plainValue(JSONNode.parse(text))
                else { throw Mismatch(description: "docSnapshot needs path and jsonData") }
                source = .document(name: name, fields: fields)
            } else {
                let values: [JSONNode]
                if case .array(let items)? = argument["jsonValues"] { values = items } else { values = [] }
                source = .values(try values.map { node in
                    guard let text = node.string else { throw Mismatch(description: "jsonValues holds text") }
                    return try plainValue(JSONNode.parse(text))
                })
            }
            switch name {
            case "startAt": builder.start(at: source, before: true)
            case "startAfter": builder.start(at: source, before: false)
            case "endAt": builder.end(at: source, before: false)
            default: builder.end(at: source, before: true)
            }
        default:
            throw Mismatch(description: "unknown clause \(name)")
        }
    }

    static func write(_ kind: String, _ body: JSONNode, path: String) throws -> Write {
        let builder = WriteBuilder()
        let precondition = try body["precondition"].map(self.precondition)
        switch kind {
        case "create":
            return try builder.create(name: path, data: try data(body))
        case "set":
            var merge = WriteBuilder.Merge.none
            if let option = body["option"] {
                if option["all"] == .bool(true) {
                    merge = .all
                } else if case .array(let fields)? = option["fields"] {
                    merge = .fields(try fields.map(fieldPath))
                }
            }
            return try builder.set(name: path, data: try data(body), merge: merge)
        case "update":
            guard let text = body["jsonData"]?.string, case .object(let members) = try JSONNode.parse(text) else {
                throw Mismatch(description: "no jsonData")
            }
            let fields = try members.map { key, value in (try FieldPath(dotted: key), try writeValue(value)) }
            return try builder.update(name: path, fields: fields, precondition: precondition)
        case "updatePaths":
            guard case .array(let paths)? = body["fieldPaths"], case .array(let values)? = body["jsonValues"] else {
                throw Mismatch(description: "no fieldPaths")
            }
            let fields = try zip(paths, values).map { path, value -> (FieldPath, WriteValue) in
                guard let text = value.string else { throw Mismatch(description: "jsonValues holds text") }
                let fieldPath = try fieldPath(path)
                guard !fieldPath.segments.isEmpty, !fieldPath.segments.contains("") else { throw WriteError("empty field path") }
                return (fieldPath, try writeValue(JSONNode.parse(text)))
            }
            return try builder.update(name: path, fields: fields, precondition: precondition)
        case "delete":
            return builder.delete(name: path, precondition: precondition)
        default:
            throw Mismatch(description: "unsupported kind \(kind)")
        }
    }

    static func data(_ body: JSONNode) throws -> [String: WriteValue] {
        guard let text = body["jsonData"]?.string, case .map(let entries) = try writeValue(JSONNode.parse(text)) else {
            throw Mismatch(description: "jsonData is not an object")
        }
        return entries
    }

    static func fieldPath(_ node: JSONNode) throws -> FieldPath {
        guard case .array(let segments)? = node["field"] else { throw Mismatch(description: "a field path is {field: [...]}") }
        return FieldPath(segments.compactMap(\.string))
    }

    static func precondition(_ node: JSONNode) throws -> Precondition {
        if case .bool(let exists)? = node["exists"] { return Precondition(exists: exists) }
        if let time = node["updateTime"]?.string, let timestamp = Timestamp(rfc3339: time) { return Precondition(updateTime: timestamp) }
        throw Mismatch(description: "unknown precondition")
    }

    /// The conformance files' conventions: "Delete" and "ServerTimestamp" are sentinels,
    /// ["ArrayUnion", …] and ["ArrayRemove", …] array transforms, "NaN" a double.
    static func writeValue(_ node: JSONNode) throws -> WriteValue {
        switch node {
        case .string("Delete"): return .delete
        case .string("ServerTimestamp"): return .serverTimestamp
        case .array(let items):
            if case .string(let head)? = items.first, head == "ArrayUnion" || head == "ArrayRemove" {
                let values = try items.dropFirst().map { try plainValue($0) }
                return head == "ArrayUnion" ? .arrayUnion(values) : .arrayRemove(values)
            }
            return .value(.array(try items.map { try plainValue($0) }))
        case .object(let members):
            var entries: [String: WriteValue] = [:]
            for (key, value) in members { entries[key] = try writeValue(value) }
            return .map(entries)
        default:
            return .value(try plainValue(node))
        }
    }

    /// A value where sentinels are not allowed (inside arrays and transform arguments).
    static func plainValue(_ node: JSONNode) throws -> FirestoreValue {
        switch node {
        case .null: return .null
        case .bool(let flag): return .boolean(flag)
        case .number(let text):
            if text.contains(where: { ".eE".contains($0) }) { return .double(Double(text) ?? .nan) }
            guard let integer = Int64(text) else { throw WriteError("\(text) is not a 64-bit integer") }
            return .integer(integer)
        case .string("NaN"): return .double(.nan)
        case .string("Delete"), .string("ServerTimestamp"):
            throw WriteError("sentinels are not allowed inside arrays")
        case .string(let text): return .string(text)
        case .array(let items):
            if case .string(let head)? = items.first, head == "ArrayUnion" || head == "ArrayRemove" {
                throw WriteError("array transforms are not allowed inside arrays")
            }
            return .array(try items.map(plainValue))
        case .object(let members):
            var fields: [String: FirestoreValue] = [:]
            for (key, value) in members { fields[key] = try plainValue(value) }
            return .map(fields)
        }
    }

    /// The written request must be the expected JSON, up to member order, number spelling and
    /// empty `fields` maps (of a document or a map value), which proto3 JSON may leave out.
    static func compare(_ written: Data, _ expected: JSONNode) throws {
        let actual = try JSONNode.parse(text(written))
        guard withoutEmptyFields(actual.canonical) == withoutEmptyFields(expected.canonical) else {
            throw Mismatch(description: "built\n\(text(written))\nexpected\n\(render(expected))")
        }
    }

    static func withoutEmptyFields(_ node: JSONNode) -> JSONNode {
        switch node {
        case .object(let members):
            .object(members.filter { !($0.0 == "fields" && $0.1 == .object([])) }.map { ($0.0, withoutEmptyFields($0.1)) })
        case .array(let items): .array(items.map(withoutEmptyFields))
        default: node
        }
    }

    static func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    static func render(_ node: JSONNode) -> String {
        switch node {
        case .object(let members): "{" + members.map { "\(render(.string($0.0))):\(render($0.1))" }.joined(separator: ",") + "}"
        case .array(let items): "[" + items.map(render).joined(separator: ",") + "]"
        case .string(let text): String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        }
    }
}
