/// - Remark: Generated from `translateRepository-query.yaml:3`.
public struct Chore: Swift.Codable, Swift.Sendable, Swift.Hashable, Swift.Identifiable, CanonRuntime.Validatable {
    /// The type of the IDs of `Chore` documents.
    public typealias ID = CanonRuntime.DocumentID<Chore>

    /// - Remark: Generated from `translateRepository-query.yaml:5`.
    public var id: ID

    /// - Remark: Generated from `translateRepository-query.yaml:6`.
    public var owner: Swift.String

    /// - Remark: Generated from `translateRepository-query.yaml:7`.
    public var done: Swift.Bool

    /// - Remark: Generated from `translateRepository-query.yaml:8`.
    public var due: CanonRuntime.Timestamp

    /// Creates a `Chore`; parameters with a default may be left out.
    ///
    /// Leave the ID out for a new document: `create` names it as the collection's `id_strategy` says.
    public init(id: ID = .unassigned, owner: Swift.String, done: Swift.Bool = false, due: CanonRuntime.Timestamp) {
        self.id = id
        self.owner = owner
        self.done = done
        self.due = due
    }

    /// Decodes a stored document, applying defaults to absent keys and reading older keys.
    public init(from decoder: any Swift.Decoder) throws {
        self = try Self.storedFields.decode(from: decoder)
    }

    /// Encodes the fields under their storage keys: absent optional fields write no key, nil nullable fields write null.
    public func encode(to encoder: any Swift.Encoder) throws {
        try Self.storedFields.encode(self, to: encoder)
    }

    /// Whether every stored field is equal.
    public static func == (lhs: Self, rhs: Self) -> Swift.Bool {
        Self.storedFields.equal(lhs, rhs)
    }

    /// Feeds every stored field to the hasher.
    public func hash(into hasher: inout Swift.Hasher) {
        Self.storedFields.hash(self, into: &hasher)
    }

    /// Checks every constraint of the schema.
    ///
    /// - Throws: `CanonRuntime.ValidationError` listing every violation at once.
    public func validate() throws {
        var validator = CanonRuntime.Validator(typeName: "Chore")
        validator.checkString(self.owner, "owner", minLength: 1)
        try validator.finish()
    }
}

/// How the runtime codes, compares and hashes `Chore`: for generated code only.
@_spi(Generated)
extension Chore: CanonRuntime.FieldTableModel {
    /// The stored fields: storage keys, older keys read but no longer written, defaults, and whether a
    /// field may be absent or null. Coding, `==` and `hash(into:)` run through it.
    public static let storedFields = CanonRuntime.FieldTable<Chore> { fields in
        fields.documentID(\.id, "id")
        fields.field(\.owner, "owner")
        fields.field(\.done, "done", default: false)
        fields.field(\.due, "due")
    }
}

/// `Chore` is stored in Firestore by a generated repository.
extension Chore: CanonRuntime.FirestoreStorable {
    /// The paths of the collections that store `Chore`: a reference to one must name a document in them.
    public static let collectionPaths: [CanonRuntime.CollectionPathTemplate] = ["chores"]

    /// Checks the constraints of one stored property's new value (for partial updates).
    @_spi(Generated)
    public static func validate(_ value: Any, at keyPath: Swift.PartialKeyPath<Chore>) throws {
        var validator = CanonRuntime.Validator(typeName: "Chore")
        switch keyPath {
        case \Chore.owner:
            if let value = value as? Swift.String {
                validator.checkString(value, "owner", minLength: 1)
            }
        default:
            break
        }
        try validator.finish()
    }
}

/// Stores `Chore` documents at `chores`; IDs: server.
///
/// - Remark: Generated from `translateRepository-query.yaml:10`.
public struct ChoresRepository: CanonRuntime.FirestoreCollection {
    /// The runtime repository underneath.
    public let base: CanonRuntime.FirestoreRepository<Chore>

    /// The collection at `chores`.
    ///
    /// - Parameter client: The Firestore client to use.
    public init(client: CanonRuntime.FirestoreClient) {
        self.base = CanonRuntime.FirestoreRepository<Chore>(client: client, collectionPath: "chores", idStrategy: .automatic)
    }

    /// An owner's open chores, soonest first.
    ///
    /// At most 20 a page.
    /// Run it with `page(limit:after:)`, `first()`, `count()`, `sum(_:)`, `average(_:)` or `all()`.
    ///
    /// - Remark: Generated from `translateRepository-query.yaml:14`.
    public func openOfOwner(_ owner: Swift.String) -> CanonRuntime.ModelQuery<Chore> {
        return self.base.query(order: [CanonRuntime.QueryOrder(CanonRuntime.FieldPath(["due"]))], limit: 20) {
            [CanonRuntime.QueryFilter(CanonRuntime.FieldPath(["owner"]), .equal, try self.base.operand(owner)), CanonRuntime.QueryFilter(CanonRuntime.FieldPath(["done"]), .equal, try self.base.operand(false, as: Swift.Bool.self))]
        }
    }
}
