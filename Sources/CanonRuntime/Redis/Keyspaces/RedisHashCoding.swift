import Foundation

/// How a keyspace stores a model: as a Redis hash with one field per stored field, named by its
/// storage key and holding that field's JSON as the model's `Codable` writes it. Integers are
/// plain decimal text, so `HINCRBY` changes them in place.
enum RedisHashCoding {
    /// The hash's field-value pairs for `model`, in storage-key order.
    static func fields<Model: Encodable>(of model: Model) throws -> [(key: String, value: [UInt8])] {
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(model))
        guard let members = object as? [String: Any] else { throw EncodingError.invalidValue(model, .init(codingPath: [], debugDescription: "not an object")) }
        return try members.keys.sorted().map { key in
            (key, Array(try JSONSerialization.data(withJSONObject: members[key]!, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes])))
        }
    }

    /// The model a hash holds (`HGETALL`'s answer: field, value, field, value…).
    /// With `fieldByField` (generated models, decoded by their field tables) through
    /// ``RedisHashDecoder``; otherwise through `JSONDecoder` on the hash assembled into one JSON
    /// object, for hand-written `Decodable`s that may use any container.
    static func model<Model: Decodable>(_ type: Model.Type, from reply: [RedisReply], keyspace: String, fieldByField: Bool) throws -> Model {
        var fields: [String: [UInt8]] = [:]
        fields.reserveCapacity(reply.count / 2)
        var index = 0
        while index + 1 < reply.count {
            guard let key = reply[index].bytes, let value = reply[index + 1].bytes else {
                throw RedisKeyspaceError.undecodable(keyspace: keyspace, reason: "HGETALL answered something other than bulk strings")
            }
            fields[String(decoding: key, as: UTF8.self)] = value
            index += 2
        }
        do {
            if fieldByField { return try Model(from: RedisHashDecoder(fields: fields)) }
            var json: [UInt8] = [UInt8(ascii: "{")]
            for (key, value) in fields {
                if json.count > 1 { json.append(UInt8(ascii: ",")) }
                json += Array(try JSONSerialization.data(withJSONObject: key, options: .fragmentsAllowed)) + [UInt8(ascii: ":")] + value
            }
            return try JSONDecoder().decode(Model.self, from: Data(json + [UInt8(ascii: "}")]))
        } catch {
            throw RedisKeyspaceError.undecodable(keyspace: keyspace, reason: reason(error))
        }
    }

    /// What went wrong and where, never the value: decoding errors' own texts may quote it.
    static func reason(_ error: any Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "the value" : "'\(path)'"
        }
        switch error {
        case DecodingError.typeMismatch(let type, let context): return "\(path(context)) is not a \(type)"
        case DecodingError.valueNotFound(let type, let context): return "\(path(context)) has no \(type)"
        case DecodingError.keyNotFound(let key, _): return "'\(key.stringValue)' is missing"
        case DecodingError.dataCorrupted(let context): return "\(path(context)) does not read as its type"
        default: return "\(type(of: error)) at reading"
        }
    }
}
