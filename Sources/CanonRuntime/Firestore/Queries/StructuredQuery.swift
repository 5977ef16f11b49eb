/// A Firestore `StructuredQuery`, as `runQuery` takes it.
public struct StructuredQuery: Sendable, Hashable, Codable {
    /// A field, by encoded path.
    public struct FieldReference: Sendable, Hashable, Codable {
        /// The encoded field path (`__name__` for the document name).
        public var fieldPath: String
        /// Creates a reference.
        public init(fieldPath: String) { self.fieldPath = fieldPath }
    }

    /// The fields to return.
    public struct Projection: Sendable, Hashable, Codable {
        /// The fields.
        public var fields: [FieldReference]
        /// Creates a projection.
        public init(fields: [FieldReference]) { self.fields = fields }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            fields = try container.decodeIfPresent([FieldReference].self, forKey: .fields) ?? []
        }

        private enum CodingKeys: String, CodingKey { case fields }
    }

    /// The collection to query.
    public struct CollectionSelector: Sendable, Hashable, Codable {
        /// The collection ID.
        public var collectionId: String
        /// Every collection with this ID below the parent (a collection-group query).
        public var allDescendants: Bool?
        /// Creates a selector.
        public init(collectionId: String, allDescendants: Bool? = nil) {
            self.collectionId = collectionId
            self.allDescendants = allDescendants
        }
    }

    /// An ordering.
    public struct Order: Sendable, Hashable, Codable {
        /// The field.
        public var field: FieldReference
        /// `ASCENDING` or `DESCENDING`.
        public var direction: String
        /// Creates an ordering.
        public init(field: FieldReference, direction: String) {
            self.field = field
            self.direction = direction
        }
    }

    /// A position in the result order.
    public struct Cursor: Sendable, Hashable, Codable {
        /// Values of the ordered fields, in order (a prefix of the ordering).
        public var values: [FirestoreValue]
        /// Whether the position is just before the values (otherwise just after).
        public var before: Bool

        /// Creates a cursor.
        public init(values: [FirestoreValue], before: Bool) {
            self.values = values
            self.before = before
        }

        private enum CodingKeys: String, CodingKey { case values, before }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            values = try container.decodeIfPresent([FirestoreValue].self, forKey: .values) ?? []
            before = try container.decodeIfPresent(Bool.self, forKey: .before) ?? false
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(values, forKey: .values)
            if before { try container.encode(true, forKey: .before) }
        }
    }

    /// A filter.
    public indirect enum Filter: Sendable, Hashable, Codable {
        /// Filters combined with `AND` or `OR`.
        case composite(op: String, filters: [Filter])
        /// A comparison of a field with a value (`EQUAL`, `LESS_THAN`, `IN`, …).
        case field(FieldReference, op: String, value: FirestoreValue)
        /// `IS_NAN`, `IS_NULL`, `IS_NOT_NAN`, `IS_NOT_NULL`.
        case unary(op: String, field: FieldReference)

        private enum CodingKeys: String, CodingKey { case compositeFilter, fieldFilter, unaryFilter }
        private enum Keys: String, CodingKey { case op, filters, field, value }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if container.contains(.compositeFilter) {
                let inner = try container.nestedContainer(keyedBy: Keys.self, forKey: .compositeFilter)
                self = .composite(op: try inner.decode(String.self, forKey: .op), filters: try inner.decodeIfPresent([Filter].self, forKey: .filters) ?? [])
            } else if container.contains(.fieldFilter) {
                let inner = try container.nestedContainer(keyedBy: Keys.self, forKey: .fieldFilter)
                self = .field(try inner.decode(FieldReference.self, forKey: .field), op: try inner.decode(String.self, forKey: .op),
                              value: try inner.decode(FirestoreValue.self, forKey: .value))
            } else {
                let inner = try container.nestedContainer(keyedBy: Keys.self, forKey: .unaryFilter)
                self = .unary(op: try inner.decode(String.self, forKey: .op), field: try inner.decode(FieldReference.self, forKey: .field))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .composite(let op, let filters):
                var inner = container.nestedContainer(keyedBy: Keys.self, forKey: .compositeFilter)
                try inner.encode(op, forKey: .op)
                try inner.encode(filters, forKey: .filters)
            case .field(let field, let op, let value):
                var inner = container.nestedContainer(keyedBy: Keys.self, forKey: .fieldFilter)
                try inner.encode(field, forKey: .field)
                try inner.encode(op, forKey: .op)
                try inner.encode(value, forKey: .value)
            case .unary(let op, let field):
                var inner = container.nestedContainer(keyedBy: Keys.self, forKey: .unaryFilter)
                try inner.encode(op, forKey: .op)
                try inner.encode(field, forKey: .field)
            }
        }
    }

    /// The fields to return; nil returns whole documents.
    public var select: Projection?
    /// The collection.
    public var from: [CollectionSelector]
    /// The filter.
    public var `where`: Filter?
    /// The ordering; nil when none.
    public var orderBy: [Order]?
    /// Where results start.
    public var startAt: Cursor?
    /// Where results end.
    public var endAt: Cursor?
    /// How many results to skip after the cursors.
    public var offset: Int?
    /// The most results to return.
    public var limit: Int?

    /// Creates a query.
    public init(select: Projection? = nil, from: [CollectionSelector], where filter: Filter? = nil, orderBy: [Order]? = nil,
                startAt: Cursor? = nil, endAt: Cursor? = nil, offset: Int? = nil, limit: Int? = nil) {
        self.select = select
        self.from = from
        self.where = filter
        self.orderBy = orderBy
        self.startAt = startAt
        self.endAt = endAt
        self.offset = offset
        self.limit = limit
    }
}
