import CanonTestSupport
import Foundation
import Testing

/// Google's REST clients ask for `$alt=json;enum-encoding=int` and send every enum as its number.
/// Proto3 JSON requires both forms to be read; each request here goes once with names and once
/// with numbers, and must get the same answer.
@Suite("enums sent as numbers")
struct IntegerEnumTests {
    /// The query string Google's clients add to every call.
    static let integerEncoding = "?%24alt=json%3Benum-encoding%3Dint"

    /// The number of each enum name used below, from Firestore's `.proto` files (written out
    /// here rather than taken from the server, so the test checks the server's table).
    static let numbers: [(member: String, name: String, number: Int)] = [
        ("direction", "ASCENDING", 1), ("direction", "DESCENDING", 2),
        ("op", "LESS_THAN", 1), ("op", "LESS_THAN_OR_EQUAL", 2), ("op", "GREATER_THAN", 3),
        ("op", "GREATER_THAN_OR_EQUAL", 4), ("op", "EQUAL", 5), ("op", "NOT_EQUAL", 6),
        ("op", "ARRAY_CONTAINS", 7), ("op", "IN", 8), ("op", "ARRAY_CONTAINS_ANY", 9), ("op", "NOT_IN", 10),
        ("op", "IS_NAN", 2), ("op", "IS_NULL", 3), ("op", "IS_NOT_NAN", 4), ("op", "IS_NOT_NULL", 5),
        ("op", "AND", 1), ("op", "OR", 2),
        ("setToServerValue", "REQUEST_TIME", 1), ("concurrencyMode", "OPTIMISTIC", 1),
    ]

    /// The same request with every enum name replaced by its number.
    static func numbered(_ body: String) -> String {
        var text = body
        for entry in numbers {
            text = text.replacingOccurrences(of: #""\#(entry.member)":"\#(entry.name)""#, with: #""\#(entry.member)":\#(entry.number)"#)
        }
        if numbers.contains(where: { text.contains(#""\#($0.member)":""#) }) { Issue.record("an enum name was left: \(text)") }
        return text
    }

    static func fieldFilter(_ field: String, _ op: String, _ value: String) -> String {
        #"{"fieldFilter":{"field":{"fieldPath":"\#(field)"},"op":"\#(op)","value":\#(value)}}"#
    }

    static func unaryFilter(_ field: String, _ op: String) -> String {
        #"{"unaryFilter":{"field":{"fieldPath":"\#(field)"},"op":"\#(op)"}}"#
    }

    static func composite(_ op: String, _ filters: String...) -> String {
        #"{"compositeFilter":{"op":"\#(op)","filters":[\#(filters.joined(separator: ","))]}}"#
    }

    /// Answers without their read times, which differ between two calls.
    static func withoutReadTimes(_ node: JSONNode) -> JSONNode {
        switch node {
        case .object(let members): .object(members.filter { $0.0 != "readTime" }.map { ($0.0, withoutReadTimes($0.1)) })
        case .array(let items): .array(items.map(withoutReadTimes))
        default: node
        }
    }

    func seed(_ server: LocalServer) async throws {
        try await server.seed([
            ("c/a", #"{"n":{"integerValue":"1"},"x":{"doubleValue":"NaN"},"tags":{"arrayValue":{"values":[{"stringValue":"red"}]}}}"#),
            ("c/b", #"{"n":{"integerValue":"2"},"x":{"nullValue":null},"tags":{"arrayValue":{"values":[{"stringValue":"blue"}]}}}"#),
            ("c/c", #"{"n":{"integerValue":"3"},"x":{"doubleValue":1.5},"tags":{"arrayValue":{}}}"#),
            ("c/d", #"{"n":{"integerValue":"4"},"x":{"stringValue":"s"},"tags":{"arrayValue":{"values":[{"stringValue":"red"},{"stringValue":"blue"}]}}}"#),
        ])
    }

    @Test("queries with every operator, unary filter, composite and direction answer the same with numbers")
    func queries() async throws {
        let one = #"{"integerValue":"2"}"#
        let list = #"{"arrayValue":{"values":[{"integerValue":"1"},{"integerValue":"4"}]}}"#
        let red = #"{"stringValue":"red"}"#
        let colours = #"{"arrayValue":{"values":[{"stringValue":"red"},{"stringValue":"blue"}]}}"#
        let filters = [
            Self.fieldFilter("n", "LESS_THAN", one), Self.fieldFilter("n", "LESS_THAN_OR_EQUAL", one),
            Self.fieldFilter("n", "GREATER_THAN", one), Self.fieldFilter("n", "GREATER_THAN_OR_EQUAL", one),
            Self.fieldFilter("n", "EQUAL", one), Self.fieldFilter("n", "NOT_EQUAL", one),
            Self.fieldFilter("tags", "ARRAY_CONTAINS", red), Self.fieldFilter("n", "IN", list),
            Self.fieldFilter("tags", "ARRAY_CONTAINS_ANY", colours), Self.fieldFilter("n", "NOT_IN", list),
            Self.unaryFilter("x", "IS_NAN"), Self.unaryFilter("x", "IS_NULL"),
            Self.unaryFilter("x", "IS_NOT_NAN"), Self.unaryFilter("x", "IS_NOT_NULL"),
            Self.composite("AND", Self.fieldFilter("n", "GREATER_THAN", one), Self.fieldFilter("tags", "ARRAY_CONTAINS", red)),
            Self.composite("OR", Self.fieldFilter("n", "EQUAL", one), Self.unaryFilter("x", "IS_NAN")),
        ]
        try await LocalServer.with { server in
            try await seed(server)
            var matched = 0
            for filter in filters {
                for direction in ["ASCENDING", "DESCENDING"] {
                    let named = #"{"structuredQuery":{"from":[{"collectionId":"c"}],"where":\#(filter),"orderBy":[{"field":{"fieldPath":"__name__"},"direction":"\#(direction)"}]}}"#
                    let byName = try await server.call("POST", "\(server.root):runQuery", named)
                    let byNumber = try await server.call("POST", "\(server.root):runQuery\(Self.integerEncoding)", Self.numbered(named))
                    #expect(byName.status == 200, "\(named) → \(byName.text)")
                    #expect(byNumber.status == 200, "\(Self.numbered(named)) → \(byNumber.text)")
                    #expect(Self.withoutReadTimes(byNumber.json) == Self.withoutReadTimes(byName.json), "\(named)")
                    matched += byName.json.queryIDs.count
                }
            }
            // The filters select something, so equal answers are not two empty ones.
            #expect(matched > 20)
            let descending = try await server.call("POST", "\(server.root):runQuery\(Self.integerEncoding)",
                #"{"structuredQuery":{"from":[{"collectionId":"c"}],"orderBy":[{"field":{"fieldPath":"n"},"direction":2}]}}"#)
            #expect(descending.json.queryIDs == ["d", "c", "b", "a"])
        }
    }

    @Test("aggregations with numbered filters and orders answer the same")
    func aggregations() async throws {
        try await LocalServer.with { server in
            try await seed(server)
            let filter = Self.composite("OR", Self.fieldFilter("n", "GREATER_THAN_OR_EQUAL", #"{"integerValue":"3"}"#), Self.unaryFilter("x", "IS_NULL"))
            let named = #"{"structuredAggregationQuery":{"structuredQuery":{"from":[{"collectionId":"c"}],"where":\#(filter),"orderBy":[{"field":{"fieldPath":"n"},"direction":"DESCENDING"}]},"aggregations":[{"alias":"total","count":{}},{"alias":"sum","sum":{"field":{"fieldPath":"n"}}},{"alias":"mean","avg":{"field":{"fieldPath":"n"}}}]}}"#
            let byName = try await server.call("POST", "\(server.root):runAggregationQuery", named)
            let byNumber = try await server.call("POST", "\(server.root):runAggregationQuery\(Self.integerEncoding)", Self.numbered(named))
            #expect(byName.status == 200, "\(byName.text)")
            #expect(Self.withoutReadTimes(byNumber.json) == Self.withoutReadTimes(byName.json))
            let fields = byName.json.elements.first?["result"]?["aggregateFields"]
            #expect(fields?["total"]?["integerValue"]?.string == "3")
            #expect(fields?["sum"]?["integerValue"]?.string == "9")
        }
    }

    @Test("commits with a server-time transform, in a numbered read-write transaction, write the same")
    func commitsWithTransforms() async throws {
        try await LocalServer.with { server in
            func write(_ id: String) -> String {
                #"{"update":{"name":"\#(server.root)/c/\#(id)","fields":{"n":{"integerValue":"1"}}},"updateTransforms":[{"fieldPath":"at","setToServerValue":"REQUEST_TIME"},{"fieldPath":"n","increment":{"integerValue":"2"}}]}"#
            }
            func transform(_ id: String) -> String {
                #"{"transform":{"document":"\#(server.root)/c/\#(id)","fieldTransforms":[{"fieldPath":"touched","setToServerValue":"REQUEST_TIME"}]}}"#
            }
            var answers: [LocalServer.Answer] = []
            for id in ["named", "numbered"] {
                let suffix = id == "numbered" ? Self.integerEncoding : ""
                let encode = { (body: String) in id == "numbered" ? Self.numbered(body) : body }
                let begin = try await server.call("POST", "\(server.root):beginTransaction\(suffix)",
                                                  encode(#"{"options":{"readWrite":{"concurrencyMode":"OPTIMISTIC"}}}"#))
                #expect(begin.status == 200, "\(begin.text)")
                let transaction = try #require(begin.json["transaction"]?.string)
                let body = #"{"writes":[\#(write(id)),\#(transform(id))],"transaction":"\#(transaction)"}"#
                let commit = try await server.call("POST", "\(server.root):commit\(suffix)", encode(body))
                #expect(commit.status == 200, "\(commit.text)")
                answers.append(try await server.call("GET", "\(server.root)/c/\(id)"))
            }
            let kinds = answers.map { answer in
                answer.json["fields"]?.keys.sorted().map { key in "\(key): \(answer.json["fields"]?[key]?.keys ?? [])" }
            }
            #expect(kinds[0] == ["at: [\"timestampValue\"]", "n: [\"integerValue\"]", "touched: [\"timestampValue\"]"])
            #expect(kinds[1] == kinds[0])
            #expect(answers.map { $0.json["fields"]?["n"]?["integerValue"]?.string } == ["3", "3"])
        }
    }

    @Test("a number no enum value has, or a name sent as a number's text, is INVALID_ARGUMENT")
    func unknownNumbers() async throws {
        try await LocalServer.with { server in
            try await seed(server)
            let cases = [
                #"{"structuredQuery":{"from":[{"collectionId":"c"}],"orderBy":[{"field":{"fieldPath":"n"},"direction":3}]}}"#,
                #"{"structuredQuery":{"from":[{"collectionId":"c"}],"where":\#(Self.fieldFilter("n", "X", "{}").replacingOccurrences(of: #""X""#, with: "11"))}}"#,
                // UnaryFilter.Operator has no 1.
                #"{"structuredQuery":{"from":[{"collectionId":"c"}],"where":{"unaryFilter":{"field":{"fieldPath":"x"},"op":1}}}}"#,
                #"{"structuredQuery":{"from":[{"collectionId":"c"}],"where":{"compositeFilter":{"op":0,"filters":[\#(Self.unaryFilter("x", "IS_NAN"))]}}}}"#,
                #"{"structuredQuery":{"from":[{"collectionId":"c"}],"orderBy":[{"field":{"fieldPath":"n"},"direction":"2"}]}}"#,
                #"{"structuredQuery":{"from":[{"collectionId":"c"}],"orderBy":[{"field":{"fieldPath":"n"},"direction":1.5}]}}"#,
            ]
            for body in cases {
                let answer = try await server.call("POST", "\(server.root):runQuery\(Self.integerEncoding)", body)
                #expect(answer.status == 400 && answer.errorStatus == "INVALID_ARGUMENT", "\(body) → \(answer.text)")
            }
            let transform = #"{"writes":[{"transform":{"document":"\#(server.root)/c/a","fieldTransforms":[{"fieldPath":"t","setToServerValue":0}]}}]}"#
            let commit = try await server.call("POST", "\(server.root):commit\(Self.integerEncoding)", transform)
            #expect(commit.errorStatus == "INVALID_ARGUMENT", "\(commit.text)")
        }
    }
}
