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
public struct PersistenceContext: Sendable, Hashable {
    /// The user or service doing the write.
    public var actor: String?
    /// The ID of the request the write belongs to.
    public var requestID: String?

    public init(actor: String? = nil, requestID: String? = nil) {
        self.actor = actor
        self.requestID = requestID
    }

    /// The context of the current task.
    @TaskLocal public static var current = PersistenceContext()
}
