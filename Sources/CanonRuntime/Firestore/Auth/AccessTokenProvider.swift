/// Supplies the bearer token for each request; nil sends no `Authorization` header.
public protocol AccessTokenProvider: Sendable {
    /// A token valid for at least the next few minutes. Credentials that ask a server for it do
    /// so over `transport`, the client's own: they have no transport or thread of their own.
    func accessToken(using transport: any HTTPTransport) async throws -> AccessToken?
}

/// An OAuth access token. Its description never shows the token itself, so it cannot leak into
/// logs or error messages.
public struct AccessToken: Sendable, Hashable, CustomStringConvertible {
    /// The token, for the `Authorization: Bearer` header only.
    public let value: String
    /// When it stops working.
    public let expiresAt: ContinuousClock.Instant?

    /// Wraps a token.
    public init(value: String, expiresAt: ContinuousClock.Instant? = nil) {
        self.value = value
        self.expiresAt = expiresAt
    }

    public var description: String { "AccessToken(redacted)" }
}

/// The Firestore emulator's convention: plain HTTP and `Bearer owner`.
public struct EmulatorCredentials: AccessTokenProvider {
    /// Credentials for the emulator or the local server; they hold nothing.
    public init() {}
    public func accessToken(using transport: any HTTPTransport) async throws -> AccessToken? { AccessToken(value: "owner") }
}

/// A token given by the caller, used as is.
public struct StaticTokenCredentials: AccessTokenProvider {
    private let token: AccessToken
    /// Uses `token` for every request.
    public init(token: String) { self.token = AccessToken(value: token) }
    public func accessToken(using transport: any HTTPTransport) async throws -> AccessToken? { token }
}

/// Why credentials could not produce a token. Never includes keys or tokens.
public struct CredentialsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
