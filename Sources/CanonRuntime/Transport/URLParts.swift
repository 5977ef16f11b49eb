/// What the transports and errors need to know of a URL without parsing it in full: whether it
/// is safe for secrets, and how to show it without credentials.
enum URLParts {
    /// The URL with any `user:password@` replaced by `(redacted)@`, for messages and logs.
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let authorityEnd = url[scheme.upperBound...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? url.endIndex
        guard let at = url[scheme.upperBound..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + "(redacted)" + url[at...]
    }

    /// Whether `url` is `https`, or plain `http` to a loopback host (127.0.0.0/8, `::1`, `localhost`).
    static func isSecureOrLoopback(_ url: String) -> Bool {
        let lower = url.lowercased()
        if lower.hasPrefix("https://") { return true }
        guard lower.hasPrefix("http://") else { return false }
        var authority = lower.dropFirst("http://".count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let host: Substring
        if authority.hasPrefix("[") {
            host = authority.dropFirst().prefix { $0 != "]" }
        } else {
            host = authority.prefix { $0 != ":" }
        }
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        // Plain decimal octets only: libcurl and the resolver read `127.0.0.+1` or `127.0.0.08` as
        // host names, to be looked up.
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { octet in
            !octet.isEmpty && octet.count <= 3 && octet.allSatisfy { $0.isASCII && $0.isNumber }
                && (octet == "0" || octet.first != "0") && Int(octet)! <= 255
        }
    }
}
