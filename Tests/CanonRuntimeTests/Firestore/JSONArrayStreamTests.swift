import CanonRuntime
import Foundation
import Testing

@Suite("Streamed JSON arrays")
struct JSONArrayStreamTests {
    static func responseBody(count: Int) -> (Data, [RunQueryResponse]) {
        var responses: [RunQueryResponse] = []
        for index in 0..<count {
            responses.append(RunQueryResponse(
                document: FirestoreDocument(name: "projects/p/databases/(default)/documents/C/d\(index)",
                                            fields: ["n": .integer(Int64(index)), "s": .string("brace } quote \" [\(index)]"), "m": .map([:])]),
                readTime: Timestamp(seconds: 1_767_225_600, nanoseconds: Int32(index))))
        }
        responses.append(RunQueryResponse(readTime: Timestamp(seconds: 1_767_225_601), skippedResults: 3))
        // Written as the server streams them, one object per element.
        let elements = responses.map { response in
            var members: [String] = []
            if let document = response.document { members.append(#""document":"# + String(decoding: FirestoreJSON.data(for: document), as: UTF8.self)) }
            if let time = response.readTime { members.append(#""readTime":"\#(time.rfc3339)""#) }
            if let skipped = response.skippedResults { members.append(#""skippedResults":\#(skipped)"#) }
            return "{" + members.joined(separator: ",") + "}"
        }
        return (Data(("[" + elements.joined(separator: ",\n") + "]").utf8), responses)
    }

    @Test("yields every element exactly once, whatever the chunk sizes", arguments: [1, 2, 7, 64, 4096, 1 << 20])
    func chunked(chunkSize: Int) throws {
        let (body, expected) = Self.responseBody(count: 50)
        var stream = JSONArrayStream()
        var elements: [Data] = []
        var index = body.startIndex
        while index < body.endIndex {
            let end = body.index(index, offsetBy: chunkSize, limitedBy: body.endIndex) ?? body.endIndex
            elements += try stream.feed(body[index..<end])
            index = end
        }
        #expect(stream.isComplete)
        #expect(try elements.map(FirestoreJSON.runQueryResponse(from:)) == expected)
    }

    @Test("an empty result is one element holding only readTime")
    func emptyResult() throws {
        var stream = JSONArrayStream()
        let elements = try stream.feed(Array(#"[{"readTime": "2026-01-01T00:00:00Z"}]"#.utf8))
        #expect(elements.count == 1)
        let response = try FirestoreJSON.runQueryResponse(from: elements[0])
        #expect(response.document == nil && response.readTime == Timestamp(seconds: 1_767_225_600))
    }

    @Test("rejects what is not a streamed array", arguments: [#"{"a": 1}"#, #"[1, 2]"#, #"[{"a": 1}]]"#, #"[{"a": 1}}]"#])
    func rejects(text: String) {
        var stream = JSONArrayStream()
        #expect(throws: FirestoreJSON.ParseError.self) { _ = try stream.feed(Array(text.utf8)) }
    }
}
