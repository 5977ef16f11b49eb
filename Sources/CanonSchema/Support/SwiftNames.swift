/// Names the generated Swift code cannot use.
enum SwiftNames {
    /// Swift keywords that cannot name a property, case or parameter without backticks.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "as", "false", "is", "nil", "self", "super", "throws", "true",
        "try", "await", "Self", "Type", "Protocol", "_",
    ]

    /// Members every generated model or enum defines.
    static let generatedMembers: Set<String> = ["validate", "codingKeys", "storedFields", "allCases", "rawValue", "hashValue", "unknown"]

    /// Types a schema type must not shadow: the standard library's, Foundation's and Canon's.
    static let reservedTypeNames: Set<String> = [
        "String", "Int", "Int64", "Double", "Float", "Bool", "Character", "Array", "Dictionary", "Set",
        "Optional", "Result", "Error", "Never", "Void", "Any", "AnyObject", "Codable", "Encodable",
        "Decodable", "Encoder", "Decoder", "CodingKey", "Hashable", "Equatable", "Sendable", "Identifiable",
        "Date", "Data", "URL", "UUID", "Decimal", "Foundation", "Swift",
        "Timestamp", "GeoPoint", "DocumentReference", "Bytes", "DocumentID", "CanonRuntime", "CanonicalModels",
        "ValidationError", "Repository", "FieldValue", "Nullable",
    ]
}
