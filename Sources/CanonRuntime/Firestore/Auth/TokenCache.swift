/// Caches a fetched token and refreshes it before it expires; concurrent callers during a
/// refresh share the one in flight instead of each fetching their own.
actor TokenCache {
    private var current: AccessToken?
    private var refreshing: Task<AccessToken, any Error>?
    private let margin: Duration
    private let fetch: @Sendable (any HTTPTransport) async throws -> AccessToken

    init(refreshMargin: Duration = .seconds(300), fetch: @escaping @Sendable (any HTTPTransport) async throws -> AccessToken) {
        self.margin = refreshMargin
        self.fetch = fetch
    }

    func token(using transport: any HTTPTransport) async throws -> AccessToken {
        if let current, let expiry = current.expiresAt, ContinuousClock.now + margin < expiry {
            return current
        }
        if let refreshing { return try await refreshing.value }
        let task = Task { try await fetch(transport) }
        refreshing = task
        defer { refreshing = nil }
        let token = try await task.value
        current = token
        return token
    }
}
