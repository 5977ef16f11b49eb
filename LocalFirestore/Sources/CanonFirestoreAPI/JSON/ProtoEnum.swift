/// A protobuf enum of the Firestore API, by name and number.
///
/// Proto3 JSON lets a client send an enum as its name or as its number, and Google's REST clients
/// ask for numbers (`$alt=json;enum-encoding=int`), so `"direction": 2` and `"op": 5` must read as
/// `DESCENDING` and `EQUAL`. Numbers come from the `.proto` files, not from the discovery
/// document's order: `UnaryFilter.Operator` skips 1.
struct ProtoEnum: Sendable {
    /// The enum's full name, as the gateway's messages give it.
    let typeName: String
    let names: [Int64: String]

    /// The name a JSON member stands for: a known name, or the number of one.
    func name(of json: JSON, at path: String) throws(RPCError) -> String {
        switch json {
        case .string(let text) where names.values.contains(text):
            return text
        case .number(let text):
            if let number = Int64(text), let name = names[number] { return name }
            throw invalid(text, at: path)
        case .string(let text):
            throw invalid("\"\(text)\"", at: path)
        default:
            throw RPCError.invalid("Invalid value at '\(path)' (type.googleapis.com/\(typeName)), expected a name or a number, found \(json.kindName).")
        }
    }

    private func invalid(_ shown: String, at path: String) -> RPCError {
        RPCError.invalid("Invalid value at '\(path)' (type.googleapis.com/\(typeName)), \(shown)")
    }

    static let direction = ProtoEnum(typeName: "google.firestore.v1.StructuredQuery.Direction", names: [
        0: "DIRECTION_UNSPECIFIED", 1: "ASCENDING", 2: "DESCENDING",
    ])
    static let fieldOperator = ProtoEnum(typeName: "google.firestore.v1.StructuredQuery.FieldFilter.Operator", names: [
        0: "OPERATOR_UNSPECIFIED", 1: "LESS_THAN", 2: "LESS_THAN_OR_EQUAL", 3: "GREATER_THAN", 4: "GREATER_THAN_OR_EQUAL",
        5: "EQUAL", 6: "NOT_EQUAL", 7: "ARRAY_CONTAINS", 8: "IN", 9: "ARRAY_CONTAINS_ANY", 10: "NOT_IN",
    ])
    static let unaryOperator = ProtoEnum(typeName: "google.firestore.v1.StructuredQuery.UnaryFilter.Operator", names: [
        0: "OPERATOR_UNSPECIFIED", 2: "IS_NAN", 3: "IS_NULL", 4: "IS_NOT_NAN", 5: "IS_NOT_NULL",
    ])
    static let compositeOperator = ProtoEnum(typeName: "google.firestore.v1.StructuredQuery.CompositeFilter.Operator", names: [
        0: "OPERATOR_UNSPECIFIED", 1: "AND", 2: "OR",
    ])
    static let serverValue = ProtoEnum(typeName: "google.firestore.v1.DocumentTransform.FieldTransform.ServerValue", names: [
        0: "SERVER_VALUE_UNSPECIFIED", 1: "REQUEST_TIME",
    ])
    static let concurrencyMode = ProtoEnum(typeName: "google.firestore.v1.TransactionOptions.ReadWrite.ConcurrencyMode", names: [
        0: "CONCURRENCY_MODE_UNSPECIFIED", 1: "OPTIMISTIC", 2: "PESSIMISTIC",
    ])
}

extension ObjectReader {
    /// An enum member, as its name; nil when absent.
    mutating func enumeration(_ key: String, _ type: ProtoEnum) throws(RPCError) -> String? {
        guard let value = take(key) else { return nil }
        return try type.name(of: value, at: child(key))
    }
}
