/// Reads one JSON object member by member and rejects what it did not take, with the message
/// Google's gateway gives: `Invalid JSON payload received. Unknown name "x" at 'writes[0]'`.
struct ObjectReader {
    private let members: [(key: String, value: JSON)]
    private var taken: Set<String> = []
    /// Where this object sits in the request, `writes[0].update`; empty at the top.
    let path: String

    init(_ json: JSON, at path: String) throws(RPCError) {
        guard case .object(let members) = json else {
            throw RPCError.invalid("Invalid JSON payload received. Expected an object at '\(path.isEmpty ? "body" : path)', found \(json.kindName).")
        }
        self.members = members
        self.path = path
    }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The member named `key`, or nil; a JSON `null` reads as absent, as in proto3 JSON.
    mutating func take(_ key: String) -> JSON? {
        taken.insert(key)
        guard let value = members.first(where: { $0.key == key })?.value else { return nil }
        if case .null = value { return nil }
        return value
    }

    var keys: [String] { members.map(\.key) }

    /// The member as sent, `null` included; `.null` when absent.
    func rawMember(_ key: String) -> JSON {
        members.first { $0.key == key }?.value ?? .null
    }

    mutating func string(_ key: String) throws(RPCError) -> String? {
        guard let value = take(key) else { return nil }
        guard case .string(let text) = value else { throw typeError(key, "a string", value) }
        return text
    }

    mutating func bool(_ key: String) throws(RPCError) -> Bool? {
        guard let value = take(key) else { return nil }
        guard case .bool(let flag) = value else { throw typeError(key, "a boolean", value) }
        return flag
    }

    /// An int32 or int64 field: a JSON number or a decimal string, as proto3 JSON allows.
    mutating func integer(_ key: String) throws(RPCError) -> Int64? {
        guard let value = take(key) else { return nil }
        switch value {
        case .number(let text), .string(let text):
            if let number = Int64(text) { return number }
            if let double = Double(text), double == double.rounded(), abs(double) < 9.2e18 { return Int64(double) }
            throw RPCError.invalid("Invalid value at '\(child(key))' (TYPE_INT64), \"\(text)\"")
        default:
            throw typeError(key, "an integer", value)
        }
    }

    mutating func array(_ key: String) throws(RPCError) -> [JSON] {
        guard let value = take(key) else { return [] }
        guard case .array(let elements) = value else { throw typeError(key, "a list", value) }
        return elements
    }

    func typeError(_ key: String, _ expected: String, _ found: JSON) -> RPCError {
        RPCError.invalid("Invalid JSON payload received. Expected \(expected) at '\(child(key))', found \(found.kindName).")
    }

    /// Fails on the first member nobody took.
    func finish() throws(RPCError) {
        for member in members where !taken.contains(member.key) {
            let location = path.isEmpty ? "" : " at '\(path)'"
            throw RPCError.invalid("Invalid JSON payload received. Unknown name \"\(member.key)\"\(location): Cannot find field.")
        }
    }
}
