import Foundation

/// Where a Firestore database is and how to reach it.
public struct FirestoreConfiguration: Sendable {
    /// The Google Cloud project.
    public var projectID: String
    /// The database, `(default)` unless named.
    public var databaseID: String
    /// `https://firestore.googleapis.com`, or `http://host:port` for an emulator.
    public var baseURL: String
    /// Supplies bearer tokens.
    public var credentials: any AccessTokenProvider
    /// When to retry failed calls.
    public var retryPolicy: RetryPolicy
    /// How long one HTTP request may take.
    public var requestTimeout: Duration

    /// Creates a configuration.
    public init(projectID: String, databaseID: String = "(default)", baseURL: String = "https://firestore.googleapis.com",
                credentials: any AccessTokenProvider, retryPolicy: RetryPolicy = RetryPolicy(), requestTimeout: Duration = .seconds(30)) {
        self.projectID = projectID
        self.databaseID = databaseID
        self.baseURL = baseURL
        self.credentials = credentials
        self.retryPolicy = retryPolicy
        self.requestTimeout = requestTimeout
    }

    /// The emulator when `FIRESTORE_EMULATOR_HOST` is set (plain HTTP, `Bearer owner`), otherwise
    /// production with Application Default Credentials.
    public static func fromEnvironment(projectID: String, databaseID: String = "(default)",
                                       environment: [String: String] = ProcessInfo.processInfo.environment) throws -> FirestoreConfiguration {
        if let host = environment["FIRESTORE_EMULATOR_HOST"] {
            return FirestoreConfiguration(projectID: projectID, databaseID: databaseID, baseURL: "http://\(host)", credentials: EmulatorCredentials())
        }
        return FirestoreConfiguration(projectID: projectID, databaseID: databaseID,
                                      credentials: try ApplicationDefaultCredentials.resolve(environment: environment))
    }

    /// `projects/{project}/databases/{database}`.
    public var databaseName: String { "projects/\(projectID)/databases/\(databaseID)" }
    /// `projects/{project}/databases/{database}/documents`: the root of document names.
    public var documentsRoot: String { databaseName + "/documents" }
}
