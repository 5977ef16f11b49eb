/// Supplies the bearer token for each request; nil sends no `Authorization` header.
public protocol AccessTokenProvider: Sendable {
    /// A token valid for at least the next few minutes. Credentials that ask a server for it do
    /// so over `transport`, the client's own: they have no transport or thread of their own.
    func accessToken(using transport: any HTTPTransport) async throws -> AccessToken?

    /// Whether the tokens are secrets, which the client then sends only over `https` or to a
    /// loopback address (true but for the emulator's fixed `owner`).
    var tokensAreSecret: Bool { get }
}

extension AccessTokenProvider {
    public var tokensAreSecret: Bool { true }
}

/// An OAuth access token. Its description never shows the token itself, so it cannot leak into
/// logs or error messages.
public struct AccessToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
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
    public var debugDescription: String { description }
    /// What `dump` and debuggers show: never the token.
    public var customMirror: Mirror { Mirror(self, children: ["value": "(redacted)"]) }
}

/// The Firestore emulator's convention: plain HTTP and `Bearer owner`.
public struct EmulatorCredentials: AccessTokenProvider {
    /// Credentials for the emulator or the local server; they hold nothing.
    public init() {}
    public func accessToken(using transport: any HTTPTransport) async throws -> AccessToken? { AccessToken(value: "owner") }
    /// `owner` is no secret: it may go over plain HTTP anywhere an emulator is.
    public var tokensAreSecret: Bool { false }
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
