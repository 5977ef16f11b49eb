import CanonRuntime
import CanonTestSupport
import Foundation
import Testing

/// The runtime's Firestore client against the local server: streamed queries, read-only
/// transactions, queries inside transactions.
@Suite("Runtime client against the local server")
struct RuntimeClientTests {
    @Test("a query's documents stream in order; stopping early is fine")
    func streamedQuery() async throws {
        try await LocalServer.with { server in
            let filler = String(repeating: "x", count: 400)
            for batch in 0..<6 {
                try await server.seed((0..<500).map { index in
                    let number = batch * 500 + index
                    return (String(format: "items/i%05d", number), #"{"n":{"integerValue":"\#(number)"},"pad":{"stringValue":"\#(filler)"}}"#)
                })
            }
            let client = try server.client()
            let query = StructuredQuery(from: [.init(collectionId: "items")], orderBy: [.init(field: .init(fieldPath: "n"), direction: "ASCENDING")])
            var seen = 0
            for try await document in client.documents(matching: query) {
                #expect(document.fields["n"] == .integer(Int64(seen)))
                seen += 1
            }
            #expect(seen == 3_000)
            var few = 0
            for try await _ in client.documents(matching: query) {
                few += 1
                if few == 10 { break }
            }
            #expect(few == 10)
            #expect(try await client.count(query) == 3_000)
        }
    }

    @Test("a read-only transaction sees one moment; queries in a read-write transaction catch phantoms")
    func transactions() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/a", #"{"v":{"integerValue":"1"}}"#)])
            let client = try server.client()
            let runner = TransactionRunner(backend: client, policy: RetryPolicy(maximumAttempts: 3, initialBackoff: .milliseconds(1)))
            let name = "\(server.root)/c/a"
            let seen = try await runner.runReadOnly { transaction in
                let before = try await transaction.get(name)
                try await server.seed([("c/a", #"{"v":{"integerValue":"2"}}"#)])
                let after = try await transaction.get(name)
                return [before?.fields["v"], after?.fields["v"]]
            }
            #expect(seen == [.integer(1), .integer(1)])
            #expect(try await client.get(name: name)?.fields["v"] == .integer(2))

            // The body's query result changes under it on the first attempt only: one retry.
            let attempts = Attempts()
            let open = StructuredQuery(from: [.init(collectionId: "c")], where: .field(.init(fieldPath: "v"), op: "GREATER_THAN", value: .integer(0)))
            let count = try await runner.run { transaction in
                let found = try await transaction.query(open)
                if await attempts.next() == 1 { try await server.seed([("c/b", #"{"v":{"integerValue":"5"}}"#)]) }
                transaction.write(Write(update: FirestoreDocument(name: "\(server.root)/totals/t", fields: ["count": .integer(Int64(found.count))])))
                return found.count
            }
            #expect(count == 2)
            #expect(await attempts.count == 2)
            #expect(try await client.get(name: "\(server.root)/totals/t")?.fields["count"] == .integer(2))
        }
    }

    actor Attempts {
        var count = 0
        func next() -> Int {
            count += 1
            return count
        }
    }
}
