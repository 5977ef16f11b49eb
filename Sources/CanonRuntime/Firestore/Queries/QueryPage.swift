/// One page of results (of a named query, a typed query, a collection-group query or a
/// listing), with the cursor of the next page when there is one.
public struct QueryPage<Element: Sendable>: Sendable {
    /// This page's results, in the query's order.
    public var items: [Element]
    /// Pass to the same query for the next page; nil when no result follows this page.
    public var next: QueryCursor?

    /// A page of results.
    public init(items: [Element], next: QueryCursor?) {
        self.items = items
        self.next = next
    }
}

/// How many results a page holds when neither the caller nor the schema says, and the most it
/// may hold when the schema declares no limit: no query loads an unbounded result set.
public enum QueryLimits {
    /// The size of a page when neither the caller nor the schema names one.
    public static let defaultPageSize = 100
    /// The most a page holds when the schema declares no limit of its own.
    public static let maximumPageSize = 1000
}
