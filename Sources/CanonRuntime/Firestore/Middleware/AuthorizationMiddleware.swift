/// Adds the bearer token of each attempt, innermost in every client's chain: a retried call asks
/// its credentials again, so it never goes out with a token that expired while it waited. A
/// secret token goes only over `https` or to a loopback address.
struct AuthorizationMiddleware: HTTPMiddleware {
    let credentials: any AccessTokenProvider
    /// Where the credentials ask for tokens: the client's transport.
    let transport: any HTTPTransport

    func intercept(_ request: HTTPRequest, context: HTTPCallContext,
                   next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        guard let token = try await credentials.accessToken(using: transport) else { return try await next(request) }
        if credentials.tokensAreSecret, !URLParts.isSecureOrLoopback(request.url) {
            throw CredentialsError("refusing to send a bearer token over plain HTTP to \(URLParts.redacted(request.url)); use https (or a loopback address for a local server)")
        }
        var request = request
        request.headers.append(("Authorization", "Bearer \(token.value)"))
        return try await next(request)
    }
}
