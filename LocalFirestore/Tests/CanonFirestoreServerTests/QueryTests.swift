import CanonRuntime
import CanonTestSupport
import Foundation
import Testing

/// `runQuery`: filters, Firestore's value order, implicit ordering, cursors, offset, limit,
/// projections, collection groups, and the rules that make a query invalid.
@Suite("runQuery")
struct QueryTests {
    static func query(_ structured: String, extra: String = "") -> String {
        #"{"structuredQuery":\#(structured)\#(extra)}"#
    }

    static func from(_ collection: String = "c", _ rest: String = "") -> String {
        #"{"from":[{"collectionId":"\#(collection)"}]\#(rest.isEmpty ? "" : ",")\#(rest)}"#
    }

    static func filter(_ field: String, _ op: String, _ value: String) -> String {
        #""where":{"fieldFilter":{"field":{"fieldPath":"\#(field)"},"op":"\#(op)","value":\#(value)}}"#
    }

    func run(_ server: LocalServer, _ structured: String, parent: String? = nil) async throws -> LocalServer.Answer {
        try await server.call("POST", "\(parent ?? server.root):runQuery", Self.query(structured))
    }

    @Test("values of every type sort in Firestore's cross-type order")
    func crossTypeOrder() async throws {
        // One document per value, named in the order Firestore sorts them.
        let values = [
            #"{"nullValue":null}"#, #"{"booleanValue":false}"#, #"{"booleanValue":true}"#,
            #"{"doubleValue":"NaN"}"#, #"{"doubleValue":"-Infinity"}"#, #"{"integerValue":"-5"}"#, #"{"doubleValue":-0.5}"#,
            #"{"integerValue":"1"}"#, #"{"doubleValue":1.5}"#, #"{"integerValue":"9223372036854775807"}"#, #"{"doubleValue":"Infinity"}"#,
            #"{"timestampValue":"1970-01-01T00:00:00Z"}"#, #"{"timestampValue":"2026-01-01T00:00:00.000001Z"}"#,
            #"{"stringValue":""}"#, #"{"stringValue":"B"}"#, #"{"stringValue":"a"}"#, #"{"stringValue":"é"}"#,
            #"{"bytesValue":""}"#, #"{"bytesValue":"AA=="}"#, #"{"bytesValue":"/w=="}"#,
            #"{"referenceValue":"projects/demo/databases/(default)/documents/a/b"}"#,
            #"{"referenceValue":"projects/demo/databases/(default)/documents/a/b/c/d"}"#,
            #"{"referenceValue":"projects/demo/databases/(default)/documents/a/c"}"#,
            #"{"geoPointValue":{"latitude":-10,"longitude":50}}"#, #"{"geoPointValue":{"latitude":10,"longitude":-50}}"#,
            #"{"arrayValue":{}}"#, #"{"arrayValue":{"values":[{"integerValue":"1"}]}}"#,
            #"{"arrayValue":{"values":[{"integerValue":"1"},{"integerValue":"0"}]}}"#, #"{"arrayValue":{"values":[{"integerValue":"2"}]}}"#,
            #"{"mapValue":{}}"#, #"{"mapValue":{"fields":{"a":{"integerValue":"2"}}}}"#, #"{"mapValue":{"fields":{"b":{"integerValue":"1"}}}}"#,
        ]
        try await LocalServer.with { server in
            // Names in reverse, so name order cannot pass for value order.
            let documents = values.enumerated().map { (String(format: "c/d%02d", values.count - $0.offset), #"{"v":\#($0.element)}"#) }
            try await server.seed(documents)
            let ascending = try await run(server, Self.from("c", #""orderBy":[{"field":{"fieldPath":"v"},"direction":"ASCENDING"}]"#))
            #expect(ascending.json.queryIDs == documents.map { String($0.0.dropFirst(2)) })
            let descending = try await run(server, Self.from("c", #""orderBy":[{"field":{"fieldPath":"v"},"direction":"DESCENDING"}]"#))
            #expect(descending.json.queryIDs == documents.reversed().map { String($0.0.dropFirst(2)) })
        }
    }

    @Test("integers and doubles compare as numbers; ranges match only values of the operand's type")
    func numericComparisons() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/i1", #"{"v":{"integerValue":"1"}}"#), ("c/d1", #"{"v":{"doubleValue":1}}"#),
                                   ("c/d2", #"{"v":{"doubleValue":2.5}}"#), ("c/s", #"{"v":{"stringValue":"3"}}"#),
                                   ("c/n", #"{"v":{"nullValue":null}}"#), ("c/none", #"{"w":{"integerValue":"1"}}"#)])
            #expect(try await run(server, Self.from("c", Self.filter("v", "EQUAL", #"{"doubleValue":1}"#))).json.queryIDs == ["d1", "i1"])
            #expect(try await run(server, Self.from("c", Self.filter("v", "GREATER_THAN", #"{"integerValue":"1"}"#))).json.queryIDs == ["d2"])
            #expect(try await run(server, Self.from("c", Self.filter("v", "LESS_THAN", #"{"stringValue":"9"}"#))).json.queryIDs == ["s"])
            // != and NOT_IN never match a missing field, nor null.
            #expect(try await run(server, Self.from("c", Self.filter("v", "NOT_EQUAL", #"{"integerValue":"1"}"#))).json.queryIDs == ["d2", "s"])
            #expect(try await run(server, Self.from("c", Self.filter("v", "NOT_IN", #"{"arrayValue":{"values":[{"stringValue":"3"}]}}"#))).json.queryIDs == ["d1", "i1", "d2"])
            #expect(try await run(server, Self.from("c", Self.filter("v", "IN", #"{"arrayValue":{"values":[{"stringValue":"3"},{"doubleValue":2.5}]}}"#))).json.queryIDs == ["d2", "s"])
        }
    }

    @Test("array filters, unary filters and OR")
    func arraysUnaryAndOr() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/a", #"{"tags":{"arrayValue":{"values":[{"stringValue":"x"},{"stringValue":"y"}]}},"v":{"doubleValue":"NaN"}}"#),
                                   ("c/b", #"{"tags":{"arrayValue":{"values":[{"stringValue":"z"}]}},"v":{"nullValue":null}}"#),
                                   ("c/c", #"{"tags":{"stringValue":"x"},"v":{"integerValue":"3"}}"#)])
            #expect(try await run(server, Self.from("c", Self.filter("tags", "ARRAY_CONTAINS", #"{"stringValue":"x"}"#))).json.queryIDs == ["a"])
            #expect(try await run(server, Self.from("c", Self.filter("tags", "ARRAY_CONTAINS_ANY", #"{"arrayValue":{"values":[{"stringValue":"z"},{"stringValue":"y"}]}}"#))).json.queryIDs == ["a", "b"])
            func unary(_ op: String) -> String { Self.from("c", #""where":{"unaryFilter":{"op":"\#(op)","field":{"fieldPath":"v"}}}"#) }
            #expect(try await run(server, unary("IS_NAN")).json.queryIDs == ["a"])
            #expect(try await run(server, unary("IS_NULL")).json.queryIDs == ["b"])
            #expect(try await run(server, unary("IS_NOT_NULL")).json.queryIDs == ["a", "c"])
            #expect(try await run(server, unary("IS_NOT_NAN")).json.queryIDs == ["c"])
            let or = Self.from("c", #""where":{"compositeFilter":{"op":"OR","filters":[{"fieldFilter":{"field":{"fieldPath":"v"},"op":"EQUAL","value":{"integerValue":"3"}}},{"unaryFilter":{"op":"IS_NULL","field":{"fieldPath":"v"}}}]}}"#)
            #expect(try await run(server, or).json.queryIDs == ["b", "c"])
        }
    }

    @Test("implicit ordering: inequality fields then __name__, in the last order's direction; documents missing an ordered field are left out")
    func implicitOrdering() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/a", #"{"x":{"integerValue":"2"},"y":{"integerValue":"1"}}"#), ("c/b", #"{"x":{"integerValue":"1"},"y":{"integerValue":"1"}}"#),
                                   ("c/c", #"{"x":{"integerValue":"1"},"y":{"integerValue":"2"}}"#), ("c/d", #"{"y":{"integerValue":"5"}}"#)])
            // WHERE x > 0 → ORDER BY x, __name__ (d lacks x and is left out).
            #expect(try await run(server, Self.from("c", Self.filter("x", "GREATER_THAN", #"{"integerValue":"0"}"#))).json.queryIDs == ["b", "c", "a"])
            // ORDER BY y DESC → y DESC, __name__ DESC.
            #expect(try await run(server, Self.from("c", #""orderBy":[{"field":{"fieldPath":"y"},"direction":"DESCENDING"}]"#)).json.queryIDs == ["d", "c", "b", "a"])
            // ORDER BY y DESC WHERE x > 0 → y DESC, x DESC, __name__ DESC.
            let both = Self.from("c", #"\#(Self.filter("x", "GREATER_THAN", #"{"integerValue":"0"}"#)),"orderBy":[{"field":{"fieldPath":"y"},"direction":"DESCENDING"}]"#)
            #expect(try await run(server, both).json.queryIDs == ["c", "a", "b"])
            // Ordering by a field leaves out documents without it.
            #expect(try await run(server, Self.from("c", #""orderBy":[{"field":{"fieldPath":"x"}}]"#)).json.queryIDs == ["b", "c", "a"])
        }
    }

    @Test("cursors: startAt, startAfter, endAt, endBefore, value prefixes and __name__")
    func cursors() async throws {
        try await LocalServer.with { server in
            try await server.seed((1...6).map { ("c/d\($0)", #"{"n":{"integerValue":"\#(($0 + 1) / 2)"}}"#) })  // n: 1 1 2 2 3 3
            let order = #""orderBy":[{"field":{"fieldPath":"n"}}]"#
            func cursor(_ key: String, _ before: Bool, _ values: String) -> String {
                Self.from("c", #"\#(order),"\#(key)":{"values":[\#(values)],"before":\#(before)}"#)
            }
            let two = #"{"integerValue":"2"}"#
            #expect(try await run(server, cursor("startAt", true, two)).json.queryIDs == ["d3", "d4", "d5", "d6"])   // startAt
            #expect(try await run(server, cursor("startAt", false, two)).json.queryIDs == ["d5", "d6"])              // startAfter
            #expect(try await run(server, cursor("endAt", false, two)).json.queryIDs == ["d1", "d2", "d3", "d4"])    // endAt
            #expect(try await run(server, cursor("endAt", true, two)).json.queryIDs == ["d1", "d2"])                 // endBefore
            // A full cursor with __name__ resumes between equal values.
            let name = #"{"referenceValue":"\#(server.root)/c/d3"}"#
            #expect(try await run(server, cursor("startAt", false, "\(two),\(name)")).json.queryIDs == ["d4", "d5", "d6"])
            let tooMany = try await run(server, cursor("startAt", false, "\(two),\(name),\(two)"))
            #expect(tooMany.errorStatus == "INVALID_ARGUMENT")
            let notReference = try await run(server, cursor("startAt", false, "\(two),\(two)"))
            #expect(notReference.errorStatus == "INVALID_ARGUMENT")
            let otherCollection = try await run(server, cursor("startAt", false, #"\#(two),{"referenceValue":"\#(server.root)/other/d3"}"#))
            #expect(otherCollection.errorStatus == "INVALID_ARGUMENT")
        }
    }

    @Test("offset applies after cursors and before limit, and reports skippedResults; select projects fields")
    func offsetLimitSelect() async throws {
        try await LocalServer.with { server in
            try await server.seed((1...6).map { ("c/d\($0)", #"{"n":{"integerValue":"\#($0)"},"m":{"mapValue":{"fields":{"a":{"integerValue":"1"},"b":{"integerValue":"2"}}}}}"#) })
            let paged = try await run(server, Self.from("c", #""orderBy":[{"field":{"fieldPath":"n"}}],"startAt":{"values":[{"integerValue":"2"}],"before":true},"offset":2,"limit":2,"select":{"fields":[{"fieldPath":"m.b"}]}"#))
            #expect(paged.json.queryIDs == ["d4", "d5"])
            #expect(paged.json.elements.first?["skippedResults"] == .number("2"))
            #expect(paged.json.elements.first?["document"]?["fields"]?.keys == ["m"])
            #expect(paged.json.elements.first?["document"]?["fields"]?["m"]?["mapValue"]?["fields"]?.keys == ["b"])
            let names = try await run(server, Self.from("c", #""select":{"fields":[{"fieldPath":"__name__"}]},"limit":1"#))
            #expect(names.json.queryIDs == ["d1"])
            #expect(names.json.elements.first?["document"]?["fields"] == nil)
        }
    }

    @Test("no match answers one element holding only readTime")
    func emptyResult() async throws {
        try await LocalServer.with { server in
            let answer = try await run(server, Self.from("nothing"))
            #expect(answer.json.elements.count == 1)
            #expect(answer.json.elements[0].keys == ["readTime"])
        }
    }

    @Test("collection groups and queries under a parent document")
    func groupsAndParents() async throws {
        try await LocalServer.with { server in
            try await server.seed([("rooms/r1/messages/m1", "{}"), ("rooms/r2/messages/m2", "{}"), ("messages/m0", "{}"),
                                   ("users/u/rooms/r9/messages/m9", "{}")])
            let group = #"{"from":[{"collectionId":"messages","allDescendants":true}]}"#
            #expect(try await run(server, group).json.queryIDs == ["m0", "m1", "m2", "m9"])
            #expect(try await run(server, group, parent: "\(server.root)/rooms/r1").json.queryIDs == ["m1"])
            #expect(try await run(server, Self.from("messages"), parent: "\(server.root)/rooms/r2").json.queryIDs == ["m2"])
            #expect(try await run(server, Self.from("messages")).json.queryIDs == ["m0"])
            // A collection is not a parent.
            #expect(try await run(server, Self.from("messages"), parent: "\(server.root)/rooms").errorStatus == "INVALID_ARGUMENT")
        }
    }

    @Test("invalid queries: too many IN values, two not-equal filters, NOT_IN with OR, bad operators, unknown members")
    func invalidQueries() async throws {
        try await LocalServer.with { server in
            let thirtyOne = (0...30).map { #"{"integerValue":"\#($0)"}"# }.joined(separator: ",")
            let eleven = (0...10).map { #"{"integerValue":"\#($0)"}"# }.joined(separator: ",")
            let cases = [
                Self.from("c", Self.filter("v", "IN", #"{"arrayValue":{"values":[\#(thirtyOne)]}}"#)),
                Self.from("c", Self.filter("v", "NOT_IN", #"{"arrayValue":{"values":[\#(eleven)]}}"#)),
                Self.from("c", Self.filter("v", "IN", #"{"arrayValue":{}}"#)),
                Self.from("c", #""where":{"compositeFilter":{"op":"AND","filters":[{"fieldFilter":{"field":{"fieldPath":"a"},"op":"NOT_EQUAL","value":{"integerValue":"1"}}},{"fieldFilter":{"field":{"fieldPath":"b"},"op":"NOT_EQUAL","value":{"integerValue":"1"}}}]}}"#),
                Self.from("c", #""where":{"compositeFilter":{"op":"OR","filters":[{"fieldFilter":{"field":{"fieldPath":"a"},"op":"NOT_IN","value":{"arrayValue":{"values":[{"integerValue":"1"}]}}}},{"fieldFilter":{"field":{"fieldPath":"b"},"op":"EQUAL","value":{"integerValue":"1"}}}]}}"#),
                Self.from("c", Self.filter("v", "LIKE", #"{"integerValue":"1"}"#)),
                Self.from("c", Self.filter("__name__", "EQUAL", #"{"stringValue":"d"}"#)),
                Self.from("c", #""limit":-1"#),
                Self.from("c", #""orderBy":[{"field":{"fieldPath":"a.`b"}}]"#),
                Self.from("c", #""colour":"red""#),
                #"{"from":[{"collectionId":"a"},{"collectionId":"b"}]}"#,
            ]
            for structured in cases {
                let answer = try await run(server, structured)
                #expect(answer.status == 400 && answer.errorStatus == "INVALID_ARGUMENT", "\(structured) → \(answer.text)")
            }
        }
    }

    @Test("a query of 31 disjunctions is refused, 30 is allowed")
    func disjunctionLimit() async throws {
        try await LocalServer.with { server in
            func ors(_ count: Int) -> String {
                let filters = (0..<count).map { #"{"fieldFilter":{"field":{"fieldPath":"v"},"op":"EQUAL","value":{"integerValue":"\#($0)"}}}"# }
                return Self.from("c", #""where":{"compositeFilter":{"op":"OR","filters":[\#(filters.joined(separator: ","))]}}"#)
            }
            let thirty = try await run(server, ors(30))
            let thirtyOne = try await run(server, ors(31))
            #expect(thirty.status == 200)
            #expect(thirtyOne.errorStatus == "INVALID_ARGUMENT")
        }
    }

    @Test("the runtime's query builder and client agree with the server")
    func throughTheRuntime() async throws {
        try await LocalServer.with { server in
            let client = try server.client()
            for index in 1...5 {
                _ = try await client.createDocument(collectionID: "tasks", documentID: "t\(index)",
                                                    fields: ["priority": .integer(Int64(index % 3)), "done": .boolean(index.isMultiple(of: 2))])
            }
            let query = StructuredQuery(from: [.init(collectionId: "tasks")],
                                        where: .field(.init(fieldPath: "done"), op: "EQUAL", value: .boolean(false)),
                                        orderBy: [.init(field: .init(fieldPath: "priority"), direction: "DESCENDING")])
            let documents = try await client.runQuery(query)
            #expect(documents.compactMap(\.documentID) == ["t5", "t1", "t3"])
            #expect(try await client.count(StructuredQuery(from: [.init(collectionId: "tasks")])) == 5)
        }
    }
}
