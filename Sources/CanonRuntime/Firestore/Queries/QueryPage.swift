/// One page of a query's results, with the cursor of the next page when there may be one.
public struct QueryPage<Model: Sendable>: Sendable {
    /// The models of this page, in order.
    public var models: [Model]
    /// Pass to the same query for the next page; nil when this page was the last.
    public var next: QueryCursor?
}
