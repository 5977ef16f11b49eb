import CanonRuntime
import CanonTestSupport
import Foundation
import Testing

/// get, createDocument, patch and delete over HTTP: their answers, preconditions and errors.
@Suite("Document methods")
struct DocumentMethodTests {
    @Test("create with a client ID, get it back with every field, and get a mask of it")
    func createAndGet() async throws {
        try await LocalServer.with { server in
            let created = try await server.call("POST", "\(server.root)/rooms?documentId=lobby",
                                                #"{"fields":{"title":{"stringValue":"Lobby"},"seats":{"integerValue":"12"},"meta":{"mapValue":{"fields":{"floor":{"integerValue":"1"},"wing":{"stringValue":"east"}}}}}}"#)
            #expect(created.status == 200)
            #expect(created.json["name"]?.string == "\(server.root)/rooms/lobby")
            let createTime = try #require(created.json["createTime"]?.string)
            #expect(created.json["updateTime"]?.string == createTime)
            // Microseconds, as Firestore's commit times are.
            #expect(Timestamp(rfc3339: createTime)!.nanoseconds % 1_000 == 0, "\(createTime)")

            let fetched = try await server.call("GET", "\(server.root)/rooms/lobby")
            #expect(fetched.status == 200)
            #expect(fetched.json["fields"]?["seats"] == .object([("integerValue", .string("12"))]))
            #expect(fetched.json["fields"]?["meta"]?["mapValue"]?["fields"]?["wing"] == .object([("stringValue", .string("east"))]))

            let masked = try await server.call("GET", "\(server.root)/rooms/lobby?mask.fieldPaths=title&mask.fieldPaths=meta.floor")
            #expect(masked.json["fields"]?.keys.sorted() == ["meta", "title"])
            #expect(masked.json["fields"]?["meta"]?["mapValue"]?["fields"]?.keys == ["floor"])
        }
    }

    @Test("create without an ID makes a 20-character ID; creating an existing document is ALREADY_EXISTS")
    func createIDsAndConflicts() async throws {
        try await LocalServer.with { server in
            let first = try await server.call("POST", "\(server.root)/rooms", #"{"fields":{}}"#)
            let id = try #require(first.json["name"]?.string?.split(separator: "/").last)
            #expect(id.count == 20)
            #expect(id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
            let second = try await server.call("POST", "\(server.root)/rooms", #"{"fields":{}}"#)
            #expect(second.json["name"]?.string != first.json["name"]?.string)

            let again = try await server.call("POST", "\(server.root)/rooms?documentId=\(id)", #"{"fields":{"a":{"nullValue":null}}}"#)
            #expect(again.status == 409)
            #expect(again.errorStatus == "ALREADY_EXISTS")
            #expect(again.json["error"]?["code"] == .number("409"))
            #expect(again.json["error"]?.keys == ["code", "message", "status"])
        }
    }

    @Test("patch with an update mask sets masked fields, deletes masked fields absent from the body, keeps the rest")
    func patchWithMask() async throws {
        try await LocalServer.with { server in
            try await server.seed([("rooms/a", #"{"keep":{"stringValue":"k"},"change":{"integerValue":"1"},"drop":{"booleanValue":true},"nested":{"mapValue":{"fields":{"x":{"integerValue":"1"},"y":{"integerValue":"2"}}}}}"#)])
            let patched = try await server.call(
                "PATCH", "\(server.root)/rooms/a?updateMask.fieldPaths=change&updateMask.fieldPaths=drop&updateMask.fieldPaths=nested.y&updateMask.fieldPaths=added",
                #"{"fields":{"change":{"integerValue":"2"},"added":{"stringValue":"new"},"ignored":{"stringValue":"not in mask"}}}"#)
            #expect(patched.status == 200, "\(patched.text)")
            let fields = try #require(patched.json["fields"])
            #expect(fields.keys.sorted() == ["added", "change", "keep", "nested"])
            #expect(fields["change"] == .object([("integerValue", .string("2"))]))
            #expect(fields["nested"]?["mapValue"]?["fields"]?.keys == ["x"])
        }
    }

    @Test("patch without a mask replaces the document and creates it when missing")
    func patchReplacesAndUpserts() async throws {
        try await LocalServer.with { server in
            try await server.seed([("rooms/a", #"{"old":{"stringValue":"x"}}"#)])
            let replaced = try await server.call("PATCH", "\(server.root)/rooms/a", #"{"fields":{"new":{"stringValue":"y"}}}"#)
            #expect(replaced.json["fields"]?.keys == ["new"])
            let created = try await server.call("PATCH", "\(server.root)/rooms/b", #"{"fields":{"n":{"integerValue":"1"}}}"#)
            #expect(created.status == 200)
            #expect(created.json["createTime"] == created.json["updateTime"])
            #expect(replaced.json["createTime"] != replaced.json["updateTime"])
        }
    }

    @Test("patch and delete honour exists and updateTime preconditions")
    func preconditions() async throws {
        try await LocalServer.with { server in
            let missing = try await server.call("PATCH", "\(server.root)/rooms/none?currentDocument.exists=true", #"{"fields":{}}"#)
            #expect(missing.status == 404 && missing.errorStatus == "NOT_FOUND")

            let created = try await server.call("PATCH", "\(server.root)/rooms/a?currentDocument.exists=false", #"{"fields":{"v":{"integerValue":"1"}}}"#)
            #expect(created.status == 200)
            let version = try #require(created.json["updateTime"]?.string)
            let exists = try await server.call("PATCH", "\(server.root)/rooms/a?currentDocument.exists=false", #"{"fields":{}}"#)
            #expect(exists.errorStatus == "ALREADY_EXISTS")

            let updated = try await server.call("PATCH", "\(server.root)/rooms/a?currentDocument.updateTime=\(version)", #"{"fields":{"v":{"integerValue":"2"}}}"#)
            #expect(updated.status == 200)
            // The old version no longer matches: no update is lost silently.
            let stale = try await server.call("PATCH", "\(server.root)/rooms/a?currentDocument.updateTime=\(version)", #"{"fields":{"v":{"integerValue":"3"}}}"#)
            #expect(stale.status == 400 && stale.errorStatus == "FAILED_PRECONDITION")

            let staleDelete = try await server.call("DELETE", "\(server.root)/rooms/a?currentDocument.updateTime=\(version)")
            #expect(staleDelete.errorStatus == "FAILED_PRECONDITION")
            let deleted = try await server.call("DELETE", "\(server.root)/rooms/a?currentDocument.exists=true")
            #expect(deleted.status == 200 && deleted.text == "{}")
            let deleteMissing = try await server.call("DELETE", "\(server.root)/rooms/a?currentDocument.exists=true")
            #expect(deleteMissing.errorStatus == "NOT_FOUND")
            // Without a precondition, deleting a missing document succeeds.
            #expect(try await server.call("DELETE", "\(server.root)/rooms/a").status == 200)
            #expect(try await server.call("GET", "\(server.root)/rooms/a").errorStatus == "NOT_FOUND")
        }
    }

    @Test("a write that changes nothing keeps the document's updateTime")
    func noOpWriteKeepsUpdateTime() async throws {
        try await LocalServer.with { server in
            let first = try await server.call("PATCH", "\(server.root)/rooms/a", #"{"fields":{"v":{"integerValue":"1"}}}"#)
            let same = try await server.call("PATCH", "\(server.root)/rooms/a", #"{"fields":{"v":{"integerValue":"1"}}}"#)
            #expect(same.json["updateTime"] == first.json["updateTime"])
            let changed = try await server.call("PATCH", "\(server.root)/rooms/a", #"{"fields":{"v":{"doubleValue":1}}}"#)
            #expect(changed.json["updateTime"] != first.json["updateTime"], "an integer and a double are different values")
        }
    }

    @Test("an ID not in NFC answers UNIMPLEMENTED rather than being taken for its NFC spelling")
    func nonNFCIDs() async throws {
        try await LocalServer.with { server in
            // "é" as one scalar (NFC) and as "e" + U+0301: distinct IDs to Firestore, equal Swift strings.
            let composed = try await server.call("PATCH", "\(server.root)/rooms/%C3%A9", #"{"fields":{"v":{"integerValue":"1"}}}"#)
            #expect(composed.status == 200, "\(composed.text)")
            #expect(composed.json["name"]?.string == "\(server.root)/rooms/\u{E9}")
            let decomposed = try await server.call("PATCH", "\(server.root)/rooms/e%CC%81", #"{"fields":{"v":{"integerValue":"2"}}}"#)
            #expect(decomposed.errorStatus == "UNIMPLEMENTED", "\(decomposed.text)")
            #expect(decomposed.errorMessage.contains("normalization form C"))
            let commit = try await server.call("POST", "\(server.root):commit",
                                               #"{"writes":[{"update":{"name":"\#(server.root)/rooms/e\u0301","fields":{}}}]}"#)
            #expect(commit.errorStatus == "UNIMPLEMENTED")
            let query = try await server.call("POST", "\(server.root):runQuery", #"{"structuredQuery":{"from":[{"collectionId":"r\u0301ooms"}]}}"#)
            #expect(query.errorStatus == "UNIMPLEMENTED")
            let listed = try await server.call("GET", "\(server.root)/rooms")
            #expect(listed.json["documents"]?.elements.map { $0["fields"]?["v"]?["integerValue"]?.string } == ["1"], "nothing else was written")
        }
    }

    @Test("bad input answers INVALID_ARGUMENT with the gateway's message, and nothing is written")
    func invalidInput() async throws {
        try await LocalServer.with { server in
            let unknown = try await server.call("PATCH", "\(server.root)/rooms/a", #"{"fields":{},"colour":"red"}"#)
            #expect(unknown.status == 400 && unknown.errorStatus == "INVALID_ARGUMENT")
            #expect(unknown.errorMessage.contains(#"Unknown name "colour""#))
            let twoKinds = try await server.call("PATCH", "\(server.root)/rooms/a", #"{"fields":{"v":{"integerValue":"1","stringValue":"x"}}}"#)
            #expect(twoKinds.errorStatus == "INVALID_ARGUMENT")
            let badInteger = try await server.call("PATCH", "\(server.root)/rooms/a", #"{"fields":{"v":{"integerValue":"9223372036854775808"}}}"#)
            #expect(badInteger.errorStatus == "INVALID_ARGUMENT")
            let reserved = try await server.call("PATCH", "\(server.root)/rooms/a", #"{"fields":{"__secret__":{"integerValue":"1"}}}"#)
            #expect(reserved.errorStatus == "INVALID_ARGUMENT")
            let nestedArray = try await server.call("PATCH", "\(server.root)/rooms/a", #"{"fields":{"v":{"arrayValue":{"values":[{"arrayValue":{}}]}}}}"#)
            #expect(nestedArray.errorStatus == "INVALID_ARGUMENT")
            let badJSON = try await server.call("PATCH", "\(server.root)/rooms/a", #"{"fields":"#)
            #expect(badJSON.errorStatus == "INVALID_ARGUMENT")
            // Encoded, or the client would resolve the dot segments away.
            for id in ["%2E", "%2E%2E", "__x__", "a%2Fb", "a%2Fb%2Fc"] {
                let answer = try await server.call("PATCH", "\(server.root)/rooms/\(id)", #"{"fields":{}}"#)
                #expect(answer.errorStatus == "INVALID_ARGUMENT", "ID \(id)")
            }
            let longID = String(repeating: "x", count: 1_501)
            #expect(try await server.call("PATCH", "\(server.root)/rooms/\(longID)", #"{"fields":{}}"#).errorStatus == "INVALID_ARGUMENT")
            #expect(try await server.call("GET", "\(server.root)/rooms/a").errorStatus == "NOT_FOUND")
        }
    }

    @Test("a document over 1 MiB is refused")
    func documentSizeLimit() async throws {
        try await LocalServer.with { server in
            let big = String(repeating: "a", count: 1_048_576)
            let answer = try await server.call("PATCH", "\(server.root)/rooms/big", #"{"fields":{"v":{"stringValue":"\#(big)"}}}"#)
            #expect(answer.errorStatus == "INVALID_ARGUMENT")
            #expect(answer.errorMessage.contains("exceeds the maximum allowed size"))
            let fits = String(repeating: "a", count: 1_000_000)
            #expect(try await server.call("PATCH", "\(server.root)/rooms/big", #"{"fields":{"v":{"stringValue":"\#(fits)"}}}"#).status == 200)
        }
    }

    @Test("every value kind round-trips exactly: int64 extremes, NaN, infinities, microsecond timestamps, bytes, references, geopoints")
    func valueKindsRoundTrip() async throws {
        try await LocalServer.with { server in
            let fields = #"{"min":{"integerValue":"-9223372036854775808"},"max":{"integerValue":"9223372036854775807"},"nan":{"doubleValue":"NaN"},"inf":{"doubleValue":"-Infinity"},"half":{"doubleValue":0.5},"t":{"timestampValue":"2026-01-02T03:04:05.123456789Z"},"b":{"bytesValue":"AAEC/w=="},"r":{"referenceValue":"projects/demo/databases/(default)/documents/rooms/x"},"g":{"geoPointValue":{"latitude":-33.5,"longitude":151.25}},"n":{"nullValue":null},"e":{"arrayValue":{}},"m":{"mapValue":{}}}"#
            try await server.seed([("kinds/all", fields)])
            let answer = try await server.call("GET", "\(server.root)/kinds/all")
            let stored = try #require(answer.json["fields"])
            #expect(stored["min"] == .object([("integerValue", .string("-9223372036854775808"))]))
            #expect(stored["max"] == .object([("integerValue", .string("9223372036854775807"))]))
            #expect(stored["nan"] == .object([("doubleValue", .string("NaN"))]))
            #expect(stored["inf"] == .object([("doubleValue", .string("-Infinity"))]))
            // Firestore keeps microseconds of a timestamp.
            #expect(stored["t"] == .object([("timestampValue", .string("2026-01-02T03:04:05.123456Z"))]))
            #expect(stored["b"] == .object([("bytesValue", .string("AAEC/w=="))]))
            #expect(stored["r"]?["referenceValue"]?.string == "projects/demo/databases/(default)/documents/rooms/x")
            #expect(stored["g"]?["geoPointValue"]?["latitude"] == .number("-33.5"))
            #expect(stored["n"] == .object([("nullValue", .null)]))
            #expect(stored["e"] == .object([("arrayValue", .object([]))]))
            #expect(stored["m"] == .object([("mapValue", .object([]))]))

            // And the runtime reads the same answer back into its value model.
            let document = try #require(try await server.client().get(name: "\(server.root)/kinds/all"))
            #expect(document.fields["min"] == .integer(.min))
            #expect(document.fields["t"] == .timestamp(Timestamp(seconds: 1_767_323_045, nanoseconds: 123_456_000)))
        }
    }

    @Test("projects and databases are kept apart, and the emulator reset clears only its database")
    func databasesApart() async throws {
        try await LocalServer.with { server in
            let other = "projects/other/databases/(default)/documents"
            let named = "projects/demo/databases/named/documents"
            for root in [server.root, other, named] {
                #expect(try await server.call("PATCH", "\(root)/rooms/a", #"{"fields":{"where":{"stringValue":"\#(root)"}}}"#).status == 200)
            }
            #expect(try await server.call("GET", "\(other)/rooms/a").json["fields"]?["where"]?["stringValue"]?.string == other)
            let reset = try await server.call("DELETE", "/emulator/v1/projects/demo/databases/(default)/documents")
            #expect(reset.status == 200)
            #expect(try await server.call("GET", "\(server.root)/rooms/a").errorStatus == "NOT_FOUND")
            #expect(try await server.call("GET", "\(other)/rooms/a").status == 200)
            #expect(try await server.call("GET", "\(named)/rooms/a").status == 200)
        }
    }

    @Test("what is not implemented answers UNIMPLEMENTED (501); unknown paths answer NOT_FOUND")
    func unimplemented() async throws {
        try await LocalServer.with { server in
            for verb in ["listen", "write", "batchWrite", "partitionQuery"] {
                let answer = try await server.call("POST", "\(server.root):\(verb)", "{}")
                #expect(answer.status == 501 && answer.errorStatus == "UNIMPLEMENTED", "\(verb)")
            }
            let explain = try await server.call("POST", "\(server.root):runQuery", #"{"structuredQuery":{"from":[{"collectionId":"c"}]},"explainOptions":{}}"#)
            #expect(explain.errorStatus == "UNIMPLEMENTED")
            let vector = try await server.call("POST", "\(server.root):runQuery", #"{"structuredQuery":{"from":[{"collectionId":"c"}],"findNearest":{}}}"#)
            #expect(vector.errorStatus == "UNIMPLEMENTED")
            let pessimistic = try await server.call("POST", "\(server.root):beginTransaction", #"{"options":{"readWrite":{"concurrencyMode":"PESSIMISTIC"}}}"#)
            #expect(pessimistic.errorStatus == "UNIMPLEMENTED")
            let indexes = try await server.call("GET", "projects/demo/databases/(default)/collectionGroups/c/indexes")
            #expect(indexes.errorStatus == "UNIMPLEMENTED")
            let nowhere = try await server.call("GET", "/nowhere")
            #expect(nowhere.status == 404 && nowhere.errorStatus == "NOT_FOUND")
        }
    }

    @Test("error paths of listing, batch reads, transactions and bodies answer INVALID_ARGUMENT with nothing changed")
    func remainingErrorPaths() async throws {
        try await LocalServer.with { server in
            try await server.seed([("c/a", "{}")])
            let other = "projects/other/databases/(default)/documents/c/a"
            let cases: [(String, String, String?)] = [
                ("GET", "\(server.root)/c?orderBy=a%20sideways", nil),
                ("GET", "\(server.root)/c?pageToken=not-a-token", nil),
                ("GET", "\(server.root)/c?pageSize=-1", nil),
                ("POST", "\(server.root):listCollectionIds", #"{"pageToken":"%%%"}"#),
                ("POST", "\(server.root):batchGet", #"{"documents":["\#(other)"]}"#),
                ("POST", "\(server.root):batchGet", #"{"documents":["\#(server.root)/c"]}"#),
                ("POST", "\(server.root):beginTransaction", #"{"options":{"readOnly":{},"readWrite":{}}}"#),
                ("POST", "\(server.root):runQuery", #"{"structuredQuery":{"from":[{"collectionId":"c"}]},"transaction":"AAAA","readTime":"2026-01-01T00:00:00Z"}"#),
                ("PATCH", "\(server.root)/c/a", #"{"name":"\#(server.root)/c/b","fields":{}}"#),
                ("POST", "\(server.root)/c?documentId=x", #"{"name":"\#(server.root)/c/x","fields":{}}"#),
                ("POST", "\(server.root):commit", #"{"writes":[{"delete":"\#(other)"}]}"#),
                ("POST", "\(server.root):commit", #"{"writes":[{"update":{"name":"\#(server.root)/c/a","fields":{}},"delete":"\#(server.root)/c/a"}]}"#),
                ("POST", "\(server.root):commit", #"{"writes":[{"transform":{"document":"\#(server.root)/c/a","fieldTransforms":[{"fieldPath":"n","increment":{"stringValue":"1"}}]}}]}"#),
                ("POST", "\(server.root):commit", #"{"writes":[{"delete":"\#(server.root)/c/a","currentDocument":{"exists":true,"updateTime":"2026-01-01T00:00:00Z"}}]}"#),
            ]
            for (method, path, body) in cases {
                let answer = try await server.call(method, path, body)
                #expect(answer.status == 400 && answer.errorStatus == "INVALID_ARGUMENT", "\(method) \(path) \(body ?? "") → \(answer.text)")
            }
            #expect(try await server.call("GET", "\(server.root)/c/a").status == 200)
            #expect(try await server.call("GET", "\(server.root)/c/x").errorStatus == "NOT_FOUND")

            let huge = String(repeating: "x", count: 11 * 1_048_576)
            let tooLarge = try await server.call("PATCH", "\(server.root)/c/big", #"{"fields":{"v":{"stringValue":"\#(huge)"}}}"#)
            #expect(tooLarge.errorStatus == "INVALID_ARGUMENT" && tooLarge.errorMessage.contains("exceeds the limit"))
        }
    }
}
