/// What a generated library says about the schemas it was generated from: its `CanonSchemaSet`
/// conforms. ``CanonPersistence`` takes the schema sets of the libraries a service uses, to cache
/// the collections their schemas mark `cache:`.
public protocol GeneratedSchemaSet {
    /// The schema files, as paths relative to their package.
    static var files: [String] { get }
    /// The collections whose schemas enable `cache:`.
    static var cachedCollections: [CachedCollection] { get }
}

extension GeneratedSchemaSet {
    /// No cached collections.
    public static var cachedCollections: [CachedCollection] { [] }
}
