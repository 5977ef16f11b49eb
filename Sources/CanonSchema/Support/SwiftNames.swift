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

    /// Members every generated model defines (fields cannot take them).
    static let modelMembers: Set<String> = ["validate", "storedFields", "hashValue"]

    /// The members of the runtime's `CanonPersistence`, which generated code extends with an
    /// accessor per collection (a subcollection's is its group) and keyspace; kept in step with
    /// that type by hand.
    static let persistenceMembers: Set<String> = [
        "configuration", "telemetry", "firestore", "redis", "cache", "health", "poolGauges", "state", "run", "shutdown",
    ]

    /// Members every generated enum defines (values cannot take them).
    static let enumMembers: Set<String> = ["validate", "allCases", "rawValue", "hashValue"]

    /// Enum cases that would not name the case: `.none` and `.some` as an optional field's
    /// default are `Optional`'s; open enums also list their `knownCases`.
    static let ambiguousCases: Set<String> = ["none", "some"]
    static let openEnumMembers: Set<String> = ["unknown", "knownCases"]

    /// What every generated repository has (`CanonRuntime.FirestoreCollection` and its
    /// extensions): named queries and subcollection accessors must not take these names, nor
    /// path placeholders, which become its stored properties and initializer labels.
    static let repositoryMembers: Set<String> = [
        "base", "client", "get", "getVersioned", "create", "save", "update", "updateIfUnchanged", "delete", "list",
        "count", "all", "query", "page", "run", "reference",
    ]

    /// A named query's own argument label, which a parameter must not repeat.
    static let queryArguments: Set<String> = ["cursor"]

    /// Types a schema type must not shadow: the standard library's, Foundation's and Canon's.
    static let reservedTypeNames: Set<String> = [
        "String", "Int", "Int64", "Double", "Float", "Bool", "Character", "Array", "Dictionary", "Set",
        "Optional", "Result", "Error", "Never", "Void", "Any", "AnyObject", "Codable", "Encodable",
        "Decodable", "Encoder", "Decoder", "CodingKey", "Hashable", "Equatable", "Sendable", "Identifiable",
        "Date", "Data", "URL", "UUID", "Decimal", "Foundation", "Swift",
        "Timestamp", "GeoPoint", "DocumentReference", "Bytes", "DocumentID", "CanonRuntime", "CanonicalModels",
        "ValidationError", "Nullable",
        // Keywords at the top level, and names generated code uses unqualified: every stored
        // model's `ID`, a repository's `Model`, the support enum.
        "Self", "Type", "Protocol", "Any", "ID", "Model", "CanonSchemaSet",
    ]
}
