/// The escaping that keeps values from changing a Redis key's structure: every byte of the
/// UTF-8 other than ASCII letters, digits, `-`, `.`, `_` and `~` (and one byte the caller keeps,
/// such as `/`) is written `%XX`. Keys come out ASCII, two values that differ in any byte (also
/// values Swift's `String` deems equal, such as NFC and NFD spellings) never share a key, and no
/// key holds a separator, a brace or a control character from a value.
public enum RedisKeyText {
    /// `part`, escaped.
    public static func escape(_ part: String, keeping: UInt8? = nil) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(part.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in part.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            case keeping:
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
