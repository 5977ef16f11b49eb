import CanonRuntime
import CanonTestSupport
import Foundation
import Testing

/// `commit`: atomic, ordered writes with every field transform and their results.
@Suite("Commit")
struct CommitTests {
    func write(_ server: LocalServer, _ path: String, fields: String, mask: [String]? = nil, transforms: [String] = [], precondition: String? = nil) -> String {
        var parts = [#""update":{"name":"\#(server.root)/\#(path)","fields":\#(fields)}"#]
        if let mask { parts.append(#""updateMask":{"fieldPaths":[\#(mask.map { "\"\($0)\"" }.joined(separator: ","))]}"#) }
        if !transforms.isEmpty { parts.append(#""updateTransforms":[\#(transforms.joined(separator: ","))]"#) }
        if let precondition { parts.append(#""currentDocument":\#(precondition)"#) }
        return "{" + parts.joined(separator: ",") + "}"
    }

    @Test("writes apply in order and atomically: a failing precondition leaves every write unapplied")
    func atomicity() async throws {
        try await LocalServer.with { server in
            let body = #"{"writes":[\#(write(server, "c/a", fields: #"{"v":{"integerValue":"1"}}"#)),\#(write(server, "c/b", fields: "{}", precondition: #"{"exists":true}"#))]}"#
            let failed = try await server.call("POST", "\(server.root):commit", body)
            #expect(failed.errorStatus == "NOT_FOUND")
            #expect(try await server.call("GET", "\(server.root)/c/a").errorStatus == "NOT_FOUND")

            // In order: a set, then a masked update of the same document, then a delete of another.
            try await server.seed([("c/gone", "{}")])
            let ordered = #"{"writes":[\#(write(server, "c/a", fields: #"{"v":{"integerValue":"1"},"w":{"integerValue":"1"}}"#)),\#(write(server, "c/a", fields: #"{"v":{"integerValue":"2"}}"#, mask: ["v"])),{"delete":"\#(server.root)/c/gone"}]}"#
            let committed = try await server.call("POST", "\(server.root):commit", ordered)
            #expect(committed.status == 200, "\(committed.text)")
            let results = committed.json["writeResults"]?.elements ?? []
            #expect(results.count == 3)
            #expect(results[2] == .object([]), "a delete has no updateTime")
            #expect(results[0]["updateTime"] == committed.json["commitTime"])
            let stored = try await server.call("GET", "\(server.root)/c/a")
            #expect(stored.json["fields"]?["v"] == .object([("integerValue", .string("2"))]))
            #expect(stored.json["fields"]?["w"] == .object([("integerValue", .string("1"))]))
        }
    }

    @Test("every field transform, with its transformResults")
    func transforms() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/t", #"{"count":{"integerValue":"9223372036854775800"},"score":{"integerValue":"3"},"low":{"doubleValue":2.5},"tags":{"arrayValue":{"values":[{"stringValue":"a"},{"integerValue":"1"},{"stringValue":"b"},{"integerValue":"1"}]}},"word":{"stringValue":"not a number"}}"#)])
            let transforms = [
                #"{"fieldPath":"count","increment":{"integerValue":"100"}}"#,       // saturates at int64 max
                #"{"fieldPath":"score","increment":{"doubleValue":0.5}}"#,          // int + double is a double
                #"{"fieldPath":"fresh","increment":{"integerValue":"7"}}"#,         // absent: set to the operand
                #"{"fieldPath":"word","increment":{"integerValue":"2"}}"#,          // not a number: set to the operand
                #"{"fieldPath":"low","minimum":{"integerValue":"1"}}"#,             // mixed: takes the smaller operand's type
                #"{"fieldPath":"high","maximum":{"doubleValue":4}}"#,
                #"{"fieldPath":"tags","appendMissingElements":{"values":[{"doubleValue":1},{"stringValue":"c"},{"stringValue":"c"}]}}"#,
                #"{"fieldPath":"nested.at","setToServerValue":"REQUEST_TIME"}"#,
            ]
            let body = #"{"writes":[{"transform":{"document":"\#(server.root)/c/t","fieldTransforms":[\#(transforms.joined(separator: ","))]}}]}"#
            let answer = try await server.call("POST", "\(server.root):commit", body)
            #expect(answer.status == 200, "\(answer.text)")
            let results = answer.json["writeResults"]?.elements.first?["transformResults"]?.elements ?? []
            #expect(results.count == 8)
            #expect(results[0] == .object([("integerValue", .string("9223372036854775807"))]))
            #expect(results[1] == .object([("doubleValue", .number("3.5"))]))
            #expect(results[2] == .object([("integerValue", .string("7"))]))
            #expect(results[3] == .object([("integerValue", .string("2"))]))
            #expect(results[4] == .object([("integerValue", .string("1"))]))
            #expect(results[5] == .object([("doubleValue", .number("4"))]))
            #expect(results[6] == .object([("nullValue", .null)]), "array transforms report null")
            let requestTime = try #require(results[7]["timestampValue"]?.string)
            // REQUEST_TIME has millisecond precision.
            #expect(Timestamp(rfc3339: requestTime)!.nanoseconds % 1_000_000 == 0, "\(requestTime)")

            let stored = try await server.call("GET", "\(server.root)/c/t")
            let tags = stored.json["fields"]?["tags"]?["arrayValue"]?["values"]?.elements ?? []
            // 1.0 equals the 1 already there; "c" is appended once.
            #expect(tags.count == 5)
            #expect(tags.last == .object([("stringValue", .string("c"))]))
            #expect(stored.json["fields"]?["nested"]?["mapValue"]?["fields"]?["at"]?["timestampValue"]?.string == requestTime)

            let remove = #"{"writes":[{"transform":{"document":"\#(server.root)/c/t","fieldTransforms":[{"fieldPath":"tags","removeAllFromArray":{"values":[{"doubleValue":1},{"stringValue":"a"}]}},{"fieldPath":"word","removeAllFromArray":{"values":[]}}]}}]}"#
            _ = try await server.call("POST", "\(server.root):commit", remove)
            let after = try await server.call("GET", "\(server.root)/c/t")
            #expect(after.json["fields"]?["tags"]?["arrayValue"]?["values"]?.elements == [.object([("stringValue", .string("b"))]), .object([("stringValue", .string("c"))])])
            #expect(after.json["fields"]?["word"] == .object([("arrayValue", .object([]))]), "a non-array becomes the empty array")
        }
    }

    @Test("maximum and minimum: equivalent operands keep the stored value, NaN wins")
    func extremes() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/x", #"{"a":{"integerValue":"3"},"b":{"doubleValue":1},"c":{"integerValue":"0"}}"#)])
            let body = #"{"writes":[{"transform":{"document":"\#(server.root)/c/x","fieldTransforms":[{"fieldPath":"a","maximum":{"doubleValue":3}},{"fieldPath":"b","maximum":{"doubleValue":"NaN"}},{"fieldPath":"c","minimum":{"doubleValue":-0.0}}]}}]}"#
            let answer = try await server.call("POST", "\(server.root):commit", body)
            let results = answer.json["writeResults"]?.elements.first?["transformResults"]?.elements ?? []
            #expect(results == [.object([("integerValue", .string("3"))]), .object([("doubleValue", .string("NaN"))]), .object([("integerValue", .string("0"))])])
        }
    }

    @Test("transforms with an update apply after it; a commit with no writes still has a commit time")
    func updateTransformsAndEmptyCommit() async throws {
        try await LocalServer.with { server in
            let body = #"{"writes":[\#(write(server, "c/u", fields: #"{"n":{"integerValue":"5"}}"#, transforms: [#"{"fieldPath":"n","increment":{"integerValue":"1"}}"#]))]}"#
            let answer = try await server.call("POST", "\(server.root):commit", body)
            #expect(answer.json["writeResults"]?.elements.first?["transformResults"]?.elements == [.object([("integerValue", .string("6"))])])
            let empty = try await server.call("POST", "\(server.root):commit", "{}")
            #expect(empty.status == 200 && empty.json.keys == ["commitTime"])
        }
    }

    @Test("commit times increase strictly, even for commits in the same microsecond")
    func commitTimesIncrease() async throws {
        try await LocalServer.with { server in
            var previous = ""
            for index in 0..<50 {
                let answer = try await server.call("POST", "\(server.root):commit", #"{"writes":[\#(write(server, "c/n", fields: #"{"i":{"integerValue":"\#(index)"}}"#))]}"#)
                let time = try #require(answer.json["commitTime"]?.string)
                #expect(Timestamp(rfc3339: time)! > (Timestamp(rfc3339: previous) ?? Timestamp(seconds: 0)))
                previous = time
            }
        }
    }

    @Test("every conformance CommitRequest that is not an error is accepted by the server")
    func conformanceRequestsAreAccepted() async throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../../shared/firestore-spec/conformance-v1").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        var replayed = 0
        try await LocalServer.with(project: "projectID") { server in
            for file in files {
                let data = try Data(contentsOf: directory.appendingPathComponent(file))
                guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                      let tests = root["tests"] as? [[String: Any]] else { continue }
                for test in tests {
                    for kind in ["create", "set", "update", "updatePaths", "delete"] {
                        guard let body = test[kind] as? [String: Any], body["isError"] as? Bool != true,
                              var request = body["request"] as? [String: Any] else { continue }
                        request["database"] = nil
                        _ = try await server.call("DELETE", "/emulator/v1/projects/projectID/databases/(default)/documents")
                        // Preconditions need the document's state: make it exist for exists:true.
                        let writes = request["writes"] as? [[String: Any]] ?? []
                        if let name = writes.first?["update"].flatMap({ ($0 as? [String: Any])?["name"] as? String }) ?? writes.first?["delete"] as? String,
                           (writes.first?["currentDocument"] as? [String: Any])?["exists"] as? Bool == true {
                            _ = try await server.call("PATCH", name, #"{"fields":{}}"#)
                        }
                        if (writes.first?["currentDocument"] as? [String: Any])?["updateTime"] != nil { continue }
                        let json = String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self)
                        let answer = try await server.call("POST", "projects/projectID/databases/(default)/documents:commit", json)
                        #expect(answer.status == 200, "\(file): \(test["description"] ?? ""): \(answer.text)")
                        replayed += 1
                    }
                }
            }
        }
        print("Replayed \(replayed) conformance commit requests against the local server.")
        #expect(replayed > 100)
    }
}
