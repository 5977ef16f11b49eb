import Foundation

/// Proto3 JSON's `bytes`: standard or URL-safe base64, with or without padding. The server's own
/// reading of the rule, not the runtime's, as with its other copies of Firestore's rules.
enum Proto3Base64 {
    /// `text` as padded standard base64, for `Data(base64Encoded:)`.
    static func standard(_ text: String) -> String {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.utf8.count % 4 != 0 { standard += "=" }
        return standard
    }
}
