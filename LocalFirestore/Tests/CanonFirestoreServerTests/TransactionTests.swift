import CanonRuntime
import CanonTestSupport
import Foundation
import Synchronization
import Testing

/// Transactions: optimistic read-write transactions checked at commit, read-only snapshots,
/// rollback, and the runtime's transaction runner against them.
@Suite("Transactions")
struct TransactionTests {
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    func begin(_ server: LocalServer, _ options: String = "{}") async throws -> String {
        let answer = try await server.call("POST", "\(server.root):beginTransaction", #"{"options":\#(options)}"#)
        return try #require(answer.json["transaction"]?.string, "\(answer.text)")
    }

    func read(_ server: LocalServer, _ path: String, in transaction: String) async throws -> LocalServer.Answer {
        try await server.call("GET", "\(server.root)/\(path)?transaction=\(transaction.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
    }

    func commit(_ server: LocalServer, _ transaction: String, _ path: String, _ value: Int) async throws -> LocalServer.Answer {
        try await server.call("POST", "\(server.root):commit",
                              #"{"transaction":"\#(transaction)","writes":[{"update":{"name":"\#(server.root)/\#(path)","fields":{"n":{"integerValue":"\#(value)"}}}}]}"#)
    }

    @Test("of two racing read-modify-write transactions exactly one commits; the other is ABORTED")
    func conflict() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/counter", #"{"n":{"integerValue":"0"}}"#)])
            let first = try await begin(server)
            let second = try await begin(server)
            _ = try await read(server, "c/counter", in: first)
            _ = try await read(server, "c/counter", in: second)
            let committed = try await commit(server, first, "c/counter", 1)
            let aborted = try await commit(server, second, "c/counter", 1)
            #expect(committed.status == 200)
            #expect(aborted.status == 409 && aborted.errorStatus == "ABORTED")
            // A transaction ends with its commit: it cannot be used again.
            #expect(try await commit(server, second, "c/counter", 1).errorStatus == "INVALID_ARGUMENT")
        }
    }

    @Test("a transaction whose query result changed (a phantom) is ABORTED; an unrelated write does not abort it")
    func phantoms() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/a", #"{"open":{"booleanValue":true}}"#), ("other/x", "{}")])
            let transaction = try await begin(server)
            let query = #"{"structuredQuery":{"from":[{"collectionId":"c"}],"where":{"fieldFilter":{"field":{"fieldPath":"open"},"op":"EQUAL","value":{"booleanValue":true}}}},"transaction":"\#(transaction)"}"#
            #expect(try await server.call("POST", "\(server.root):runQuery", query).json.queryIDs == ["a"])
            try await server.seed([("other/x", #"{"changed":{"booleanValue":true}}"#)])
            let quiet = try await begin(server)
            _ = try await server.call("POST", "\(server.root):runQuery", query.replacingOccurrences(of: transaction, with: quiet))
            try await server.seed([("other/y", "{}")])
            #expect(try await commit(server, quiet, "c/a", 1).status == 200, "unrelated writes do not conflict")

            let again = try await begin(server)
            _ = try await server.call("POST", "\(server.root):runQuery", query.replacingOccurrences(of: transaction, with: again))
            try await server.seed([("c/new", #"{"open":{"booleanValue":true}}"#)])
            #expect(try await commit(server, again, "c/b", 1).errorStatus == "ABORTED")
        }
    }

    @Test("a listing inside a transaction counts as a read: a document added to the collection aborts the commit")
    func listingPhantom() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/a", "{}")])
            let quiet = try await begin(server)
            let quietToken = quiet.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(try await server.call("GET", "\(server.root)/c?transaction=\(quietToken)").json["documents"]?.elements.count == 1)
            #expect(try await commit(server, quiet, "other/b", 1).status == 200, "nothing it listed changed")

            let transaction = try await begin(server)
            let token = transaction.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(try await server.call("GET", "\(server.root)/c?transaction=\(token)").json["documents"]?.elements.count == 1)
            try await server.seed([("c/new", "{}")])
            #expect(try await commit(server, transaction, "other/b", 2).errorStatus == "ABORTED")
        }
    }

    @Test("a listed page in a transaction guards its own range only: an insert inside it aborts, one before or after it does not")
    func listingPageRange() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/a", "{}"), ("c/c", "{}"), ("c/e", "{}"), ("c/g", "{}")])
            func listPage(_ transaction: String, after token: String? = nil) async throws -> [String] {
                var query = "pageSize=2&transaction=\(transaction.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
                if let token { query += "&pageToken=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
                let answer = try await server.call("GET", "\(server.root)/c?\(query)")
                return answer.json["documents"]?.elements.compactMap { $0["name"]?.string?.split(separator: "/").last.map(String.init) } ?? []
            }
            // The first page is a, c: d, between c and the next page's e, is past it.
            let first = try await begin(server)
            #expect(try await listPage(first) == ["a", "c"])
            try await server.seed([("c/d", "{}")])
            #expect(try await commit(server, first, "other/b", 1).status == 200, "a document past the page is no phantom of it")

            // The second page, after c, is d, e: b is before it, dd inside it.
            let token = try #require(try await server.call("GET", "\(server.root)/c?pageSize=2").json["nextPageToken"]?.string)
            let other = try await begin(server)
            #expect(try await listPage(other, after: token) == ["d", "e"])
            try await server.seed([("c/b", "{}")])
            #expect(try await commit(server, other, "other/b", 2).status == 200, "a document before the cursor is no phantom of the page")
            let third = try await begin(server)
            #expect(try await listPage(third, after: token) == ["d", "e"])
            try await server.seed([("c/dd", "{}")])
            #expect(try await commit(server, third, "other/b", 3).errorStatus == "ABORTED")
        }
    }

    @Test("listDocuments pages backwards in descending name order")
    func listingDescending() async throws {
        try await LocalServer.with { server in
            try await server.seed((0..<10).map { (String(format: "d/x%02d", $0), "{}") })
            var seen: [String] = []
            var token: String?
            repeat {
                let query = "orderBy=__name__%20desc&pageSize=3" + (token.map { "&pageToken=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? "")
                let answer = try await server.call("GET", "\(server.root)/d?\(query)")
                #expect(answer.status == 200, "\(answer.text)")
                seen += answer.json["documents"]?.elements.compactMap { $0["name"]?.string?.split(separator: "/").last.map(String.init) } ?? []
                token = answer.json["nextPageToken"]?.string
            } while token != nil
            #expect(seen == (0..<10).reversed().map { String(format: "x%02d", $0) })
        }
    }

    @Test("a read-only transaction reads a snapshot and cannot write")
    func readOnly() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/a", #"{"v":{"integerValue":"1"}}"#)])
            let snapshot = try await begin(server, #"{"readOnly":{}}"#)
            try await server.seed([("c/a", #"{"v":{"integerValue":"2"}}"#), ("c/b", "{}")])
            let old = try await read(server, "c/a", in: snapshot)
            #expect(old.json["fields"]?["v"] == .object([("integerValue", .string("1"))]))
            #expect(try await read(server, "c/b", in: snapshot).errorStatus == "NOT_FOUND")
            let query = #"{"structuredQuery":{"from":[{"collectionId":"c"}]},"transaction":"\#(snapshot)"}"#
            #expect(try await server.call("POST", "\(server.root):runQuery", query).json.queryIDs == ["a"])
            #expect(try await commit(server, snapshot, "c/a", 3).errorStatus == "INVALID_ARGUMENT")

            // readTime reads work the same way without a transaction.
            let time = try #require(old.json["updateTime"]?.string)
            let past = try await server.call("GET", "\(server.root)/c/a?readTime=\(time)")
            #expect(past.json["fields"]?["v"] == .object([("integerValue", .string("1"))]))
            let future = try await server.call("GET", "\(server.root)/c/a?readTime=2999-01-01T00:00:00Z")
            #expect(future.errorStatus == "INVALID_ARGUMENT")
        }
    }

    @Test("rollback ends a transaction; unknown transactions are INVALID_ARGUMENT")
    func rollback() async throws {
        try await LocalServer.with { server in
            let transaction = try await begin(server)
            let rolledBack = try await server.call("POST", "\(server.root):rollback", #"{"transaction":"\#(transaction)"}"#)
            #expect(rolledBack.status == 200 && rolledBack.text == "{}")
            #expect(try await server.call("POST", "\(server.root):rollback", #"{"transaction":"\#(transaction)"}"#).errorStatus == "INVALID_ARGUMENT")
            #expect(try await commit(server, "AAAA", "c/a", 1).errorStatus == "INVALID_ARGUMENT")
            // A transaction belongs to its database.
            let other = try await server.call("POST", "projects/elsewhere/databases/(default)/documents:rollback", #"{"transaction":"\#(try await begin(server))"}"#)
            #expect(other.errorStatus == "INVALID_ARGUMENT")
        }
    }

    @Test("8 concurrent writers doing 1,000 transactional increments through the runtime end with the exact count")
    func concurrentIncrements() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/counter", #"{"n":{"integerValue":"0"}}"#)])
            // Optimistic transactions abort more under contention than pessimistic ones; the
            // runner retries each increment until it lands.
            let policy = RetryPolicy(maximumAttempts: 200, initialBackoff: .milliseconds(2), maximumBackoff: .milliseconds(50))
            let client = try server.client(retry: policy)
            let runner = TransactionRunner(backend: client, policy: policy)
            let name = "\(server.root)/c/counter"
            let attempts = Counter()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        for _ in 0..<125 {
                            try await runner.run { transaction in
                                attempts.value.add(1, ordering: .relaxed)
                                let document = try await transaction.get(name)
                                guard case .integer(let value)? = document?.fields["n"] else { throw CancellationError() }
                                transaction.write(Write(update: FirestoreDocument(name: name, fields: ["n": .integer(value + 1)])))
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let final = try await client.get(name: name)
            #expect(final?.fields["n"] == .integer(1_000))
            print("1,000 transactional increments by 8 writers took \(attempts.value.load(ordering: .relaxed)) attempts.")
        }
    }
}

extension TransactionTests {
    @Test("a transaction that read a document twice across a concurrent change, or read a missing document that is then created, aborts")
    func rereadsAndMissingReads() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/a", #"{"n":{"integerValue":"1"}}"#)])
            let twice = try await begin(server)
            _ = try await read(server, "c/a", in: twice)
            try await server.seed([("c/a", #"{"n":{"integerValue":"2"}}"#)])
            _ = try await read(server, "c/a", in: twice)
            #expect(try await commit(server, twice, "c/a", 3).errorStatus == "ABORTED")

            let missing = try await begin(server)
            #expect(try await read(server, "c/none", in: missing).errorStatus == "NOT_FOUND")
            try await server.seed([("c/none", "{}")])
            #expect(try await commit(server, missing, "c/none", 1).errorStatus == "ABORTED")
        }
    }
}
