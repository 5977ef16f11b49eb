/// A Firestore `StructuredQuery`, as `runQuery` takes it.
public struct StructuredQuery: Sendable, Hashable {
    /// A field, by encoded path.
    public struct FieldReference: Sendable, Hashable {
        /// The encoded field path (`__name__` for the document name).
        public var fieldPath: String
        /// Creates a reference.
        public init(fieldPath: String) { self.fieldPath = fieldPath }
    }

    /// The fields to return.
    public struct Projection: Sendable, Hashable {
        /// The fields.
        public var fields: [FieldReference]
        /// Creates a projection.
        public init(fields: [FieldReference]) { self.fields = fields }
    }

    /// The collection to query.
    public struct CollectionSelector: Sendable, Hashable {
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
    public struct Order: Sendable, Hashable {
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
    public struct Cursor: Sendable, Hashable {
        /// Values of the ordered fields, in order (a prefix of the ordering).
        public var values: [FirestoreValue]
        /// Whether the position is just before the values (otherwise just after).
        public var before: Bool

        /// Creates a cursor.
        public init(values: [FirestoreValue], before: Bool) {
            self.values = values
            self.before = before
        }
    }

    /// A filter.
    public indirect enum Filter: Sendable, Hashable {
        /// Filters combined with `AND` or `OR`.
        case composite(op: String, filters: [Filter])
        /// A comparison of a field with a value (`EQUAL`, `LESS_THAN`, `IN`, …).
        case field(FieldReference, op: String, value: FirestoreValue)
        /// `IS_NAN`, `IS_NULL`, `IS_NOT_NAN`, `IS_NOT_NULL`.
        case unary(op: String, field: FieldReference)
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
