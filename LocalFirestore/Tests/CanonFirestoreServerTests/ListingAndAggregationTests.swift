import CanonRuntime
import CanonTestSupport
import Foundation
import Testing

/// listDocuments, listCollectionIds, batchGet and runAggregationQuery.
@Suite("Listing, batch reads and aggregations")
struct ListingAndAggregationTests {
    @Test("listDocuments pages through every document exactly once, in name order, while documents are added")
    func paging() async throws {
        try await LocalServer.with { server in
            try await server.seed((0..<250).map { (String(format: "items/i%03d", $0), #"{"n":{"integerValue":"\#($0)"}}"#) })
            var seen: [String] = []
            var token: String?
            var pages = 0
            repeat {
                let answer = try await server.call("GET", "\(server.root)/items?pageSize=7" + (token.map { "&pageToken=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? ""))
                #expect(answer.status == 200, "\(answer.text)")
                seen += answer.json["documents"]?.elements.compactMap { $0["name"]?.string?.split(separator: "/").last.map(String.init) } ?? []
                token = answer.json["nextPageToken"]?.string
                pages += 1
                // A document added behind the cursor is not returned; one ahead of it is.
                if pages == 3 { try await server.seed([("items/a-before", "{}"), ("items/z-after", "{}")]) }
            } while token != nil
            #expect(seen.count == Set(seen).count, "no document twice")
            #expect(seen == (0..<250).map { String(format: "i%03d", $0) } + ["z-after"])
            #expect(pages == 36)
        }
    }

    @Test("listDocuments with orderBy, a field mask, and showMissing")
    func orderMaskAndMissing() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/a", #"{"p":{"integerValue":"2"},"q":{"stringValue":"x"}}"#), ("c/b", #"{"p":{"integerValue":"1"},"q":{"stringValue":"y"}}"#),
                                   ("c/ghost/sub/s", "{}")])
            let ordered = try await server.call("GET", "\(server.root)/c?orderBy=p%20desc&mask.fieldPaths=p")
            #expect(ordered.json["documents"]?.elements.compactMap { $0["name"]?.string?.split(separator: "/").last.map(String.init) } == ["a", "b"])
            #expect(ordered.json["documents"]?.elements.first?["fields"]?.keys == ["p"])
            let plain = try await server.call("GET", "\(server.root)/c")
            #expect(plain.json["documents"]?.elements.count == 2)
            let missing = try await server.call("GET", "\(server.root)/c?showMissing=true")
            let ghost = missing.json["documents"]?.elements.last
            #expect(ghost?["name"]?.string == "\(server.root)/c/ghost")
            #expect(ghost?.keys == ["name"], "a missing document has no fields or times")
            let both = try await server.call("GET", "\(server.root)/c?showMissing=true&orderBy=p")
            #expect(both.errorStatus == "INVALID_ARGUMENT")
            let huge = try await server.call("GET", "\(server.root)/c?pageSize=9223372036854775807")
            #expect(huge.errorStatus == "INVALID_ARGUMENT", "page_size is an int32")
        }
    }

    @Test("listCollectionIds lists collections below a parent, pages, and counts collections reached only through missing documents")
    func collectionIDs() async throws {
        try await LocalServer.with { server in
            try await server.seed([("b/1", "{}"), ("a/1", "{}"), ("a/1/x/1", "{}"), ("a/1/y/1", "{}"), ("ghosts/g/z/1", "{}")])
            let top = try await server.call("POST", "\(server.root):listCollectionIds", "{}")
            #expect(top.json["collectionIds"]?.elements == [.string("a"), .string("b"), .string("ghosts")])
            let below = try await server.call("POST", "\(server.root)/a/1:listCollectionIds", #"{"pageSize":1}"#)
            #expect(below.json["collectionIds"]?.elements == [.string("x")])
            let token = try #require(below.json["nextPageToken"]?.string)
            let next = try await server.call("POST", "\(server.root)/a/1:listCollectionIds", #"{"pageSize":1,"pageToken":"\#(token)"}"#)
            #expect(next.json["collectionIds"]?.elements == [.string("y")])
            #expect(next.json["nextPageToken"] == nil)
            #expect(try await server.client().listCollectionIDs() == ["a", "b", "ghosts"])
        }
    }

    @Test("batchGet answers found and missing, in a streamed array, with a new transaction when asked")
    func batchGet() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/a", #"{"v":{"integerValue":"1"}}"#)])
            let body = #"{"documents":["\#(server.root)/c/a","\#(server.root)/c/none"],"newTransaction":{"readWrite":{}}}"#
            let answer = try await server.call("POST", "\(server.root):batchGet", body)
            let elements = answer.json.elements
            #expect(elements.count == 3)
            #expect(elements[0]["transaction"]?.string != nil)
            #expect(elements[1]["found"]?["name"]?.string == "\(server.root)/c/a")
            #expect(elements[2]["missing"]?.string == "\(server.root)/c/none")
            #expect(elements.allSatisfy { $0["readTime"] != nil })
            let results = try await server.client().batchGet(names: ["\(server.root)/c/none", "\(server.root)/c/a"])
            #expect(results.count == 2)
        }
    }

    @Test("aggregations: count with upTo, sum (integer until it overflows), avg (null when empty), default aliases")
    func aggregations() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/a", #"{"n":{"integerValue":"9223372036854775807"},"d":{"integerValue":"2"}}"#),
                                   ("c/b", #"{"n":{"integerValue":"1"},"d":{"doubleValue":0.5}}"#),
                                   ("c/c", #"{"n":{"stringValue":"skipped"},"d":{"integerValue":"4"}}"#)])
            let aggregations = #"[{"alias":"total","count":{}},{"count":{"upTo":"2"}},{"sum":{"field":{"fieldPath":"n"}}},{"alias":"mean","avg":{"field":{"fieldPath":"d"}}},{"sum":{"field":{"fieldPath":"d"}}}]"#
            let body = #"{"structuredAggregationQuery":{"structuredQuery":{"from":[{"collectionId":"c"}]},"aggregations":\#(aggregations)}}"#
            let answer = try await server.call("POST", "\(server.root):runAggregationQuery", body)
            let fields = try #require(answer.json.elements.first?["result"]?["aggregateFields"])
            #expect(fields["total"] == .object([("integerValue", .string("3"))]))
            #expect(fields["field_1"] == .object([("integerValue", .string("2"))]))
            #expect(fields["field_2"]?["doubleValue"] != nil, "the integer sum overflowed, so it is a double")
            #expect(fields["mean"] == .object([("doubleValue", .number("2.1666666666666665"))]))
            #expect(fields["field_3"] == .object([("doubleValue", .number("6.5"))]))

            let empty = #"{"structuredAggregationQuery":{"structuredQuery":{"from":[{"collectionId":"none"}]},"aggregations":[{"avg":{"field":{"fieldPath":"d"}}},{"sum":{"field":{"fieldPath":"d"}}}]}}"#
            let none = try await server.call("POST", "\(server.root):runAggregationQuery", empty)
            #expect(none.json.elements.first?["result"]?["aggregateFields"]?["field_1"] == .object([("nullValue", .null)]))
            #expect(none.json.elements.first?["result"]?["aggregateFields"]?["field_2"] == .object([("integerValue", .string("0"))]))

            let six = (0..<6).map { _ in #"{"count":{}}"# }.joined(separator: ",")
            let tooMany = #"{"structuredAggregationQuery":{"structuredQuery":{"from":[{"collectionId":"c"}]},"aggregations":[\#(six)]}}"#
            #expect(try await server.call("POST", "\(server.root):runAggregationQuery", tooMany).errorStatus == "INVALID_ARGUMENT")
            let zeroUpTo = #"{"structuredAggregationQuery":{"structuredQuery":{"from":[{"collectionId":"c"}]},"aggregations":[{"count":{"upTo":0}}]}}"#
            #expect(try await server.call("POST", "\(server.root):runAggregationQuery", zeroUpTo).errorStatus == "INVALID_ARGUMENT")
        }
    }
}
