/// A JSON value that keeps what test data depends on and `JSONSerialization` loses: the order
/// of object keys and the text of numbers (so `1` and `1.0` stay apart).
public indirect enum JSONNode: Equatable, Sendable {
    case object([(String, JSONNode)])
    case array([JSONNode])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    public static func == (lhs: JSONNode, rhs: JSONNode) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        case (.array(let a), .array(let b)): a == b
        case (.string(let a), .string(let b)), (.number(let a), .number(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        default: false
        }
    }

    /// The member of an object.
    public subscript(key: String) -> JSONNode? {
        if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }

    /// The same JSON with what carries no meaning taken out, for comparing two writers: object
    /// members in key order, numbers by value (`2`, `2.0` and `2e0` alike).
    public var canonical: JSONNode {
        switch self {
        case .object(let members): .object(members.map { ($0.0, $0.1.canonical) }.sorted { $0.0 < $1.0 })
        case .array(let items): .array(items.map(\.canonical))
        case .number(let text):
            if let number = Double(text) { .number(number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)") } else { self }
        default: self
        }
    }

    /// The text of a string.
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// Parses JSON text.
    public static func parse(_ text: String) throws -> JSONNode {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        let node = try parser.value()
        parser.skipSpace()
        guard parser.index == parser.scalars.count else { throw Parser.Failure(offset: parser.index) }
        return node
    }

    struct Parser {
        struct Failure: Error { var offset: Int }
        let scalars: [Unicode.Scalar]
        var index = 0

        mutating func skipSpace() {
            while index < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[index]) { index += 1 }
        }

        mutating func value() throws -> JSONNode {
            skipSpace()
            guard index < scalars.count else { throw Failure(offset: index) }
            switch scalars[index] {
            case "{":
                index += 1
                var members: [(String, JSONNode)] = []
                skipSpace()
                if index < scalars.count, scalars[index] == "}" { index += 1; return .object(members) }
                while true {
                    guard case .string(let key) = try value() else { throw Failure(offset: index) }
                    skipSpace()
                    guard index < scalars.count, scalars[index] == ":" else { throw Failure(offset: index) }
                    index += 1
                    members.append((key, try value()))
                    skipSpace()
                    guard index < scalars.count else { throw Failure(offset: index) }
                    index += 1
                    if scalars[index - 1] == "}" { return .object(members) }
                    guard scalars[index - 1] == "," else { throw Failure(offset: index) }
                }
            case "[":
                index += 1
                var items: [JSONNode] = []
                skipSpace()
                if index < scalars.count, scalars[index] == "]" { index += 1; return .array(items) }
                while true {
                    items.append(try value())
                    skipSpace()
                    guard index < scalars.count else { throw Failure(offset: index) }
                    index += 1
                    if scalars[index - 1] == "]" { return .array(items) }
                    guard scalars[index - 1] == "," else { throw Failure(offset: index) }
                }
            case "\"":
                index += 1
                var text = String.UnicodeScalarView()
                while index < scalars.count, scalars[index] != "\"" {
                    if scalars[index] == "\\" {
                        index += 1
                        guard index < scalars.count else { throw Failure(offset: index) }
                        switch scalars[index] {
                        case "n": text.append("\n")
                        case "t": text.append("\t")
                        case "r": text.append("\r")
                        case "b": text.append("\u{8}")
                        case "f": text.append("\u{C}")
                        case "u":
                            guard index + 4 < scalars.count, let code = UInt32(String(String.UnicodeScalarView(scalars[index + 1...index + 4])), radix: 16)
                            else { throw Failure(offset: index) }
                            index += 4
                            var scalarValue = code
                            if (0xD800..<0xDC00).contains(code), index + 6 < scalars.count, scalars[index + 1] == "\\", scalars[index + 2] == "u",
                               let low = UInt32(String(String.UnicodeScalarView(scalars[index + 3...index + 6])), radix: 16) {
                                scalarValue = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                                index += 6
                            }
                            guard let scalar = Unicode.Scalar(scalarValue) else { throw Failure(offset: index) }
                            text.append(scalar)
                        default: text.append(scalars[index])
                        }
                    } else {
                        text.append(scalars[index])
                    }
                    index += 1
                }
                guard index < scalars.count else { throw Failure(offset: index) }
                index += 1
                return .string(String(text))
            case "t": index += 4; return .bool(true)
            case "f": index += 5; return .bool(false)
            case "n": index += 4; return .null
            default:
                let start = index
                while index < scalars.count, "+-0123456789.eE".unicodeScalars.contains(scalars[index]) { index += 1 }
                guard index > start else { throw Failure(offset: index) }
                return .number(String(String.UnicodeScalarView(scalars[start..<index])))
            }
        }
    }
}
