import Foundation

/// Credentials from the Google Cloud metadata server, for code running on Google Cloud:
/// `GET /computeMetadata/v1/instance/service-accounts/default/token` with `Metadata-Flavor: Google`.
/// The host is `GCE_METADATA_HOST` when set (as Google's libraries honour), else `169.254.169.254`.
public final class MetadataServerCredentials: AccessTokenProvider {
    let url: String
    private let cache: TokenCache

    private struct TokenResponse: Decodable {
        var access_token: String
        var expires_in: Int?
    }

    /// Credentials from the metadata server at `host`.
    public init(host: String = ProcessInfo.processInfo.environment["GCE_METADATA_HOST"] ?? "169.254.169.254") {
        let url = "http://\(host)/computeMetadata/v1/instance/service-accounts/default/token"
        self.url = url
        self.cache = TokenCache { transport in
            let response: HTTPResponse
            do {
                response = try await transport.send(HTTPRequest(url: url, headers: [("Metadata-Flavor", "Google")], timeout: .seconds(5)))
            } catch let error as TransportError {
                throw CredentialsError("the metadata server could not be reached: \(error)")
            }
            guard response.status == 200, let token = try? JSONDecoder().decode(TokenResponse.self, from: await response.body.collect()) else {
                throw CredentialsError("the metadata server answered \(response.status) without an access token")
            }
            return AccessToken(value: token.access_token, expiresAt: ContinuousClock.now + .seconds(token.expires_in ?? 3600))
        }
    }

    public func accessToken(using transport: any HTTPTransport) async throws -> AccessToken? {
        try await cache.token(using: transport)
    }
}
