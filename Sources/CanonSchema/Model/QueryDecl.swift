/// A named query of a collection, generated as a typed method.
public struct QueryDecl: Sendable {
    /// A filter operator. Spelled as words so they need no quoting in YAML.
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        /// `==`
        case eq
        /// `!=`
        case ne
        /// `<`
        case lt
        /// `<=`
        case lte
        /// `>`
        case gt
        /// `>=`
        case gte
        /// The field equals one of the listed values.
        case `in`
        /// The field equals none of the listed values.
        case notIn = "not_in"
        /// The list field contains the value.
        case contains
        /// The list field contains one of the listed values.
        case containsAny = "contains_any"

        /// Whether the operator compares by order.
        public var isRange: Bool { [.lt, .lte, .gt, .gte].contains(self) }
    }

    /// What a filter compares with.
    public enum Operand: Sendable, Hashable {
        /// A parameter of the query, written `$name`.
        case parameter(Located<String>)
        /// A literal value.
        case value(Located<ConstantValue>)
    }

    /// One condition; a query's filters are ANDed.
    public struct Filter: Sendable, Hashable {
        /// The field path: a field name, or names joined by `.` into embedded types.
        public var field: Located<String>
        /// The operator.
        public var op: Operator
        /// The value or parameter.
        public var operand: Operand
    }

    /// One ordering key.
    public struct Order: Sendable, Hashable {
        /// The field path.
        public var field: Located<String>
        /// Descending when written with a leading `-`.
        public var isDescending: Bool
    }

    /// A typed parameter.
    public struct Parameter: Sendable, Hashable {
        /// The name, used as the Swift argument label.
        public var name: Located<String>
        /// The type.
        public var type: Located<FieldType>
    }

    /// The page size bound.
    public enum Limit: Sendable, Hashable {
        /// A fixed number.
        case fixed(Located<Int>)
        /// A parameter.
        case parameter(Located<String>)
    }

    /// Name (the method's name), location, doc and deprecation.
    public var info: DeclarationInfo
    /// Parameters, in schema order.
    public var parameters: [Parameter]
    /// Filters, in schema order.
    public var filters: [Filter]
    /// Ordering, in schema order.
    public var order: [Order]
    /// The limit, if any.
    public var limit: Limit?
    /// Whether the query spans every collection with this collection ID (`group: true`).
    public var isCollectionGroup: Bool
}
