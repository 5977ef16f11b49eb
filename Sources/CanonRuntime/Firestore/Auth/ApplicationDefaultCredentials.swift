import Foundation

/// Google's Application Default Credentials, in Google's order: the emulator when
/// `FIRESTORE_EMULATOR_HOST` is set; the key file `GOOGLE_APPLICATION_CREDENTIALS` names; gcloud's
/// well-known file; the metadata server.
public enum ApplicationDefaultCredentials {
    /// The credentials the environment calls for.
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any AccessTokenProvider {
        if environment["FIRESTORE_EMULATOR_HOST"] != nil { return EmulatorCredentials() }
        if let path = environment["GOOGLE_APPLICATION_CREDENTIALS"] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CredentialsError("GOOGLE_APPLICATION_CREDENTIALS names '\(path)', which cannot be read")
            }
            return try ServiceAccountCredentials(json: data)
        }
        let configFolder = environment["CLOUDSDK_CONFIG"] ?? (environment["HOME"].map { $0 + "/.config/gcloud" } ?? "")
        let wellKnown = configFolder + "/application_default_credentials.json"
        if let data = FileManager.default.contents(atPath: wellKnown) {
            return try ServiceAccountCredentials(json: data)
        }
        return MetadataServerCredentials(host: environment["GCE_METADATA_HOST"] ?? "169.254.169.254")
    }
}
