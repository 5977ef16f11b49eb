/// Firestore's field-path syntax: segments joined by `.`, each one that is not
/// `[A-Za-z_][A-Za-z_0-9]*` in backticks, with `` ` `` and `\` escaped by `\`. Paths stay segments
/// until written: a field name may itself contain a `.` (Firestore allows any), so joining and
/// splitting on dots would lose the boundaries.
public enum FieldPathSyntax {
    /// The path of `segments` as Firestore writes it in masks, transforms, queries and indexes.
    public static func encoded(_ segments: [String]) -> String {
        segments.map { segment in
            if isSimple(segment) { return segment }
            var quoted = "`"
            for character in segment {
                if character == "`" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            return quoted + "`"
        }.joined(separator: ".")
    }

    /// Whether a segment is written bare: `[A-Za-z_][A-Za-z_0-9]*`.
    public static func isSimple(_ segment: String) -> Bool {
        guard let first = segment.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return segment.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
