/// The naming rules: schema names become lowerCamelCase Swift names and snake_case storage keys.
public enum Naming {
    /// `owner_id` → `ownerId`; names already in camelCase stay as they are.
    public static func lowerCamelCase(_ name: String) -> String {
        if !name.utf8.contains(UInt8(ascii: "_")), let first = name.utf8.first, first >= 97, first <= 122 { return name }
        let parts = name.split(separator: "_", omittingEmptySubsequences: true)
        guard let first = parts.first else { return name }
        var result = lowercasingFirst(String(first))
        for part in parts.dropFirst() {
            result += part.prefix(1).uppercased() + part.dropFirst()
        }
        return result
    }

    /// `ownerId` → `owner_id`, `requestURL` → `request_url`, `owner_id` stays.
    public static func snakeCase(_ name: String) -> String {
        if !name.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) { return name }  // no capitals: already snake_case
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase {
                let previous = index > 0 ? characters[index - 1] : nil
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                let startsWord = previous.map { $0.isLowercase || $0.isNumber } ?? false
                let endsAcronym = (previous?.isUppercase ?? false) && (next?.isLowercase ?? false)
                if (startsWord || endsAcronym) && !result.hasSuffix("_") { result += "_" }
                result += character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The type name of a collection's generated repository: `casefiles` → `CasefilesRepository`.
    public static func repositoryTypeName(_ collection: String) -> String {
        let name = lowerCamelCase(collection)
        return name.prefix(1).uppercased() + name.dropFirst() + "Repository"
    }

    /// The type name of a subcollection's generated collection group: `toolRequests` →
    /// `ToolRequestsGroup`.
    public static func groupTypeName(_ collection: String) -> String {
        let name = lowerCamelCase(collection)
        return name.prefix(1).uppercased() + name.dropFirst() + "Group"
    }

    /// The accessor a subcollection gets on its parent's repository, from its collection ID:
    /// words split at anything but ASCII letters and digits (`tool_requests`, `tool-requests` →
    /// `toolRequests`). May come out empty or start with a digit; the validator refuses those.
    public static func accessorName(forCollectionID id: String) -> String {
        let words = id.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        guard let first = words.first else { return "" }
        return lowercasingFirst(String(first)) + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The first character lowercased, keeping a leading acronym together (`URLs` → `urls`).
    static func lowercasingFirst(_ text: String) -> String {
        guard let first = text.first, first.isUppercase else { return text }
        return first.lowercased() + text.dropFirst()
    }

    /// `TypeName`: an ASCII letter, then letters and digits, starting uppercase.
    static func isTypeName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy(isASCIIAlphanumeric)
    }

    /// `field_name` or `fieldName`: starts with a lowercase ASCII letter; letters, digits and
    /// single underscores between words.
    static func isMemberName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        guard !name.hasSuffix("_"), !name.contains("__") else { return false }
        return name.unicodeScalars.allSatisfy { isASCIIAlphanumeric($0) || $0 == "_" }
    }

    /// `lowerCamelCase` only: what Swift argument labels and repository names use.
    static func isLowerCamelName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy(isASCIIAlphanumeric)
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
