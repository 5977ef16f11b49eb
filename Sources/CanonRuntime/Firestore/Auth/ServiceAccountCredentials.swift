import Crypto
import CryptoExtras
import Foundation

/// Credentials from a service account's JSON key: an RS256-signed JWT exchanged at the token
/// endpoint (`grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`) for an access token,
/// cached and refreshed five minutes before it expires.
public final class ServiceAccountCredentials: AccessTokenProvider {
    /// The scope Firestore needs.
    public static let datastoreScope = "https://www.googleapis.com/auth/datastore"

    /// The service account's email (the JWT's issuer).
    public var clientEmail: String { signer.clientEmail }
    private let signer: Signer
    private let cache: TokenCache

    private struct KeyFile: Decodable {
        var type: String?
        var client_email: String
        var private_key: String
        var private_key_id: String?
        var token_uri: String?
    }

    /// Reads a JSON key. The key's contents never appear in errors.
    public init(json: Data, scope: String = ServiceAccountCredentials.datastoreScope) throws {
        guard let file = try? JSONDecoder().decode(KeyFile.self, from: json) else {
            throw CredentialsError("the service-account key is not a JSON key file with client_email and private_key")
        }
        guard file.type == nil || file.type == "service_account" else {
            throw CredentialsError("credentials of type '\(file.type ?? "")' are not a service-account key")
        }
        guard let key = try? _RSA.Signing.PrivateKey(pemRepresentation: file.private_key) else {
            throw CredentialsError("the service-account key's private_key is not an RSA key in PEM form")
        }
        let tokenURI = file.token_uri ?? "https://oauth2.googleapis.com/token"
        // The signed assertion is as good as a token: it goes nowhere in the clear.
        guard URLParts.isSecureOrLoopback(tokenURI) else {
            throw CredentialsError("the service-account key's token_uri is not https (nor a loopback address): \(URLParts.redacted(tokenURI))")
        }
        let signer = Signer(key: key, clientEmail: file.client_email, tokenURI: tokenURI,
                            keyID: file.private_key_id, scope: scope)
        self.signer = signer
        self.cache = TokenCache { transport in try await signer.exchange(using: transport) }
    }

    public func accessToken(using transport: any HTTPTransport) async throws -> AccessToken? {
        try await cache.token(using: transport)
    }

    /// Everything the exchange needs, immutable, so the cache can hold it without the credentials.
    struct Signer: Sendable {
        let key: _RSA.Signing.PrivateKey
        let clientEmail: String
        let tokenURI: String
        let keyID: String?
        let scope: String

        private struct TokenResponse: Decodable {
            var access_token: String
            var expires_in: Int?
        }

        /// The signed assertion: header and claims as Google's token endpoint requires.
        func assertion(issuedAt: Date = Date()) throws -> String {
            let iat = Int(issuedAt.timeIntervalSince1970)
            var header: [String: String] = ["alg": "RS256", "typ": "JWT"]
            if let keyID { header["kid"] = keyID }
            let claims: [String: Any] = ["iss": clientEmail, "scope": scope, "aud": tokenURI, "iat": iat, "exp": iat + 3600]
            let encodedHeader = Self.base64URL(try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
            let encodedClaims = Self.base64URL(try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys]))
            let signingInput = encodedHeader + "." + encodedClaims
            let signature = try key.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
            return signingInput + "." + Self.base64URL(signature.rawRepresentation)
        }

        func exchange(using transport: any HTTPTransport) async throws -> AccessToken {
            let body = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=" + (try assertion())
            let response: HTTPResponse
            do {
                response = try await transport.send(HTTPRequest(
                    method: "POST", url: tokenURI, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Data(body.utf8)))
            } catch let error as TransportError {
                throw CredentialsError("the token endpoint could not be reached: \(error)")
            }
            guard response.status == 200, let token = try? JSONDecoder().decode(TokenResponse.self, from: await response.body.collect()) else {
                throw CredentialsError("the token endpoint answered \(response.status) without an access token")
            }
            return AccessToken(value: token.access_token, expiresAt: ContinuousClock.now + .seconds(token.expires_in ?? 3600))
        }

        static func base64URL(_ data: Data) -> String {
            data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
    }
}
