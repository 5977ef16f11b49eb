import CanonRuntime
import Foundation

/// `listDocuments`' `orderBy` parameter: `"priority desc, __name__"`.
enum ListOrder {
    static func parse(_ text: String) throws(RPCError) -> [Query.Order] {
        var orders: [Query.Order] = []
        for clause in text.split(separator: ",") {
            let words = clause.split(separator: " ").map(String.init)
            guard let field = words.first, words.count <= 2 else { throw RPCError.invalid("Invalid orderBy \"\(text)\".") }
            let descending: Bool
            switch words.count == 2 ? words[1].lowercased() : "asc" {
            case "asc": descending = false
            case "desc": descending = true
            default: throw RPCError.invalid("Invalid orderBy direction in \"\(clause)\"; use asc or desc.")
            }
            orders.append(Query.Order(path: try ParsedFieldPath(field), descending: descending))
        }
        return orders
    }
}

/// Page tokens of `listDocuments`: the ordering values of the last document returned, so the
/// next page starts right after it even when documents come and go in between.
enum PageToken {
    static func encode(_ values: [FirestoreValue]) -> String {
        var writer = JSONWriter()
        writer.byte("[")
        for (offset, value) in values.enumerated() {
            if offset > 0 { writer.byte(",") }
            writer.value(value)
        }
        writer.byte("]")
        return Data(writer.bytes).base64EncodedString()
    }

    static func decode(_ token: String) throws(RPCError) -> [FirestoreValue] {
        guard let data = Data(base64Encoded: token), let json = try? JSONParser.parse(Array(data)), case .array(let elements) = json else {
            throw RPCError.invalid("Invalid page token.")
        }
        return try elements.map { element throws(RPCError) in try ValueDecoding.value(element, at: "page_token") }
    }
}
