/// Who is writing and on behalf of which request: set by a service once per request, read by
/// every repository write to fill the audit fields (`created_by`, `updated_by`, `request_id`).
///
/// ```swift
/// try await PersistenceContext.$current.withValue(PersistenceContext(actor: user.id, requestID: request.id)) {
///     try await casefiles.save(casefile)
/// }
/// ```
///
/// The values come from here, never from the model a caller passes in, so a caller cannot forge
/// them.
///
/// One rule for every write path (create, save, update, partial update, transactions and
/// batches): `updated_by` and `request_id` describe the latest write. A write made where the
/// context has no actor or no request ID removes that field, so the previous writer is never
/// credited with a later write; `created_by` is set only by the write that creates the document,
/// and stays absent if it had no actor. Services that write outside a request (jobs, migrations)
/// set a context naming themselves: `PersistenceContext(actor: "service:nightly-cleanup")`.
public struct PersistenceContext: Sendable, Hashable {
    /// The user or service doing the write.
    public var actor: String?
    /// The ID of the request the write belongs to.
    public var requestID: String?

    /// A context naming who writes and for which request; where one is `nil`, writes remove the
    /// audit field it fills.
    public init(actor: String? = nil, requestID: String? = nil) {
        self.actor = actor
        self.requestID = requestID
    }

    /// The context of the current task; set it for a scope with `$current.withValue(_:operation:)`.
    @TaskLocal public static var current = PersistenceContext()
}
