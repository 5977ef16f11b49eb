/// The runtime's names that generated code spells, in one place: a type renamed in the runtime is
/// one edit here (and the reference tests show every use). Always module-qualified, so a schema
/// type of the same name cannot capture them.
enum RuntimeNames {
    /// The module generated code imports.
    static let module = "CanonRuntime"
    /// The runtime's SPI group for what only generated code calls: field tables, validators,
    /// operand and paged-query plumbing.
    static let spi = "Generated"
    static let auditKeys = "CanonRuntime.AuditKeys"
    static let bytes = "CanonRuntime.Bytes"
    static let cachedCollection = "CanonRuntime.CachedCollection"
    static let canonPersistence = "CanonRuntime.CanonPersistence"
    static let collectionCachePolicy = "CanonRuntime.CollectionCache.Policy"
    static let documentID = "CanonRuntime.DocumentID"
    static let documentReference = "CanonRuntime.DocumentReference"
    static let fieldPath = "CanonRuntime.FieldPath"
    static let fieldTable = "CanonRuntime.FieldTable"
    static let fieldTableModel = "CanonRuntime.FieldTableModel"
    static let firestoreClient = "CanonRuntime.FirestoreClient"
    static let firestoreCollection = "CanonRuntime.FirestoreCollection"
    static let firestoreRepository = "CanonRuntime.FirestoreRepository"
    static let firestoreStorable = "CanonRuntime.FirestoreStorable"
    static let firestoreValue = "CanonRuntime.FirestoreValue"
    static let geoPoint = "CanonRuntime.GeoPoint"
    static let nullable = "CanonRuntime.Nullable"
    static let pattern = "CanonRuntime.Pattern"
    static let queryCursor = "CanonRuntime.QueryCursor"
    static let redisClient = "CanonRuntime.RedisClient"
    static let redisKey = "CanonRuntime.RedisKey"
    static let redisKeyPart = "CanonRuntime.RedisKeyPart"
    static let redisKeyspace = "CanonRuntime.RedisKeyspace"
    static let redisKeyspaceRepository = "CanonRuntime.RedisKeyspaceRepository"
    static let redisStorable = "CanonRuntime.RedisStorable"
    static let generatedSchemaSet = "CanonRuntime.GeneratedSchemaSet"
    static let queryFilter = "CanonRuntime.QueryFilter"
    static let queryOrder = "CanonRuntime.QueryOrder"
    static let queryPage = "CanonRuntime.QueryPage"
    static let timestamp = "CanonRuntime.Timestamp"
    static let unknownEnumValueError = "CanonRuntime.UnknownEnumValueError"
    static let validatable = "CanonRuntime.Validatable"
    static let validator = "CanonRuntime.Validator"
}
