import CCurl
import CCurlShim

/// What the linked libcurl offers, and its one-time global initialisation.
public enum CurlLibrary {
    /// Initialises libcurl once per process (it is not thread-safe to do so lazily per handle).
    public static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    /// libcurl's version, such as `7.88.1`.
    public static var version: String {
        guard let info = canon_curl_version_info(), let text = info.pointee.version else { return "unknown" }
        return String(cString: text)
    }

    /// Whether libcurl can speak HTTP/2 (Firestore's production endpoint offers it).
    public static var supportsHTTP2: Bool {
        guard let info = canon_curl_version_info() else { return false }
        return info.pointee.features & Int32(CURL_VERSION_HTTP2) != 0
    }

    /// Whether libcurl can decompress gzip responses.
    public static var supportsGzip: Bool {
        guard let info = canon_curl_version_info() else { return false }
        return info.pointee.features & Int32(CURL_VERSION_LIBZ) != 0
    }
}
