import Foundation

extension FirestoreJSON {
    /// Reads proto3 JSON from bytes, one shape at a time.
    ///
    /// Answers come from the network or a shared cache, so nothing in them is trusted: strings
    /// must be valid UTF-8 without raw control characters, and objects and arrays may nest at most
    /// ``maximumDepth`` deep (a value Firestore stores nests at most 20 maps or arrays, about 60
    /// JSON levels with its envelope), so no answer can exhaust the stack.
    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var depth = 0

        /// The deepest nesting of JSON objects and arrays read (the local server's limit too).
        static let maximumDepth = 128

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        func fail(_ message: String) -> ParseError { ParseError(message: message, offset: index) }

        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
            }
        }

        mutating func peek() -> UInt8? {
            skipSpace()
            return index < bytes.count ? bytes[index] : nil
        }

        mutating func expect(_ byte: UInt8) throws {
            guard peek() == byte else { throw fail("expected '\(Character(Unicode.Scalar(byte)))'") }
            index += 1
        }

        mutating func enter() throws {
            depth += 1
            if depth > Self.maximumDepth { throw fail("JSON nested deeper than \(Self.maximumDepth) levels") }
        }

        mutating func end() throws {
            if peek() != nil { throw fail("unexpected data after the JSON value") }
        }

        /// Calls `body` for each key of an object, positioned at the key's value.
        mutating func object(_ body: (inout Parser, String) throws -> Void) throws {
            try expect(UInt8(ascii: "{"))
            try enter()
            defer { depth -= 1 }
            if peek() == UInt8(ascii: "}") {
                index += 1
                return
            }
            while true {
                let key = try string()
                try expect(UInt8(ascii: ":"))
                try body(&self, key)
                guard let next = peek() else { throw fail("unterminated object") }
                index += 1
                if next == UInt8(ascii: "}") { return }
                guard next == UInt8(ascii: ",") else { throw fail("expected ',' or '}'") }
            }
        }

        /// Calls `element` for each element of an array, positioned at it.
        mutating func array(_ element: (inout Parser) throws -> Void) throws {
            try expect(UInt8(ascii: "["))
            try enter()
            defer { depth -= 1 }
            if peek() == UInt8(ascii: "]") {
                index += 1
                return
            }
            while true {
                try element(&self)
                guard let next = peek() else { throw fail("unterminated array") }
                index += 1
                if next == UInt8(ascii: "]") { return }
                guard next == UInt8(ascii: ",") else { throw fail("expected ',' or ']'") }
            }
        }

        mutating func document() throws -> FirestoreDocument {
            var document = FirestoreDocument()
            try object { parser, key in
                switch key {
                case "name": document.name = try parser.string()
                case "fields": document.fields = try parser.fields()
                case "createTime": document.createTime = try parser.timestamp()
                case "updateTime": document.updateTime = try parser.timestamp()
                default: try parser.skipValue()
                }
            }
            return document
        }

        mutating func fields() throws -> [String: FirestoreValue] {
            var fields: [String: FirestoreValue] = [:]
            try object { parser, key in fields[key] = try parser.value() }
            return fields
        }

        mutating func timestamp() throws -> Timestamp {
            let text = try string()
            guard let time = Timestamp(rfc3339: text) else { throw fail("'\(text)' is not an RFC 3339 timestamp") }
            return time
        }

        mutating func value() throws -> FirestoreValue {
            var result: FirestoreValue?
            try object { parser, key in
                guard result == nil else { throw parser.fail("a Value holds exactly one kind") }
                switch key {
                case "nullValue":
                    if parser.peek() == UInt8(ascii: "n") { try parser.literal("null") } else {
                        guard try parser.string() == "NULL_VALUE" else { throw parser.fail("nullValue must be null") }
                    }
                    result = .null
                case "booleanValue":
                    if parser.peek() == UInt8(ascii: "t") { try parser.literal("true"); result = .boolean(true) } else {
                        try parser.literal("false")
                        result = .boolean(false)
                    }
                case "integerValue":
                    let text = parser.peek() == UInt8(ascii: "\"") ? try parser.string() : try parser.numberText()
                    guard let number = Int64(text) else { throw parser.fail("'\(text)' is not a 64-bit integer") }
                    result = .integer(number)
                case "doubleValue":
                    if parser.peek() == UInt8(ascii: "\"") {
                        let text = try parser.string()
                        switch text {
                        case "NaN": result = .double(.nan)
                        case "Infinity": result = .double(.infinity)
                        case "-Infinity": result = .double(-.infinity)
                        default:
                            guard let number = Double(text) else { throw parser.fail("'\(text)' is not a double") }
                            result = .double(number)
                        }
                    } else {
                        let text = try parser.numberText()
                        guard let number = Double(text) else { throw parser.fail("'\(text)' is not a double") }
                        result = .double(number)
                    }
                case "timestampValue": result = .timestamp(try parser.timestamp())
                case "stringValue": result = .string(try parser.string())
                case "bytesValue":
                    let text = try parser.string()
                    guard let data = Bytes(base64: FirestoreValue.standardBase64(text)) else { throw parser.fail("bytesValue is not base64") }
                    result = .bytes(data)
                case "referenceValue": result = .reference(try parser.string())
                case "geoPointValue":
                    var point = GeoPoint(latitude: 0, longitude: 0)
                    try parser.object { parser, key in
                        let number = Double(try parser.numberText())
                        guard let number else { throw parser.fail("a coordinate must be a number") }
                        if key == "latitude" { point.latitude = number } else if key == "longitude" { point.longitude = number }
                    }
                    result = .geoPoint(point)
                case "arrayValue":
                    var values: [FirestoreValue] = []
                    try parser.object { parser, key in
                        guard key == "values" else { return try parser.skipValue() }
                        try parser.array { values.append(try $0.value()) }
                    }
                    result = .array(values)
                case "mapValue":
                    var entries: [String: FirestoreValue] = [:]
                    try parser.object { parser, key in
                        if key == "fields" { entries = try parser.fields() } else { try parser.skipValue() }
                    }
                    result = .map(entries)
                default:
                    throw parser.fail("unknown Value kind '\(key)'")
                }
            }
            guard let result else { throw fail("a Value holds exactly one kind, not none") }
            return result
        }

        mutating func literal(_ word: StaticString) throws {
            skipSpace()
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count,
                  word.withUTF8Buffer({ Array($0) }) == Array(bytes[index..<index + count])
            else { throw fail("expected '\(word)'") }
            index += count
        }

        mutating func numberText() throws -> String {
            skipSpace()
            let start = index
            while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
            guard index > start else { throw fail("expected a number") }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }

        mutating func string() throws -> String {
            try expect(UInt8(ascii: "\""))
            let start = index
            // Fast path: no escapes.
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
                index += 1
            }
            guard index < bytes.count else { throw fail("unterminated string") }
            if bytes[index] == UInt8(ascii: "\"") {
                defer { index += 1 }
                return try text(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            }
            var scalars = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { return try scalars.withUnsafeBufferPointer { try text($0) } }
                guard byte >= 0x20 else { throw fail("a control character in a string") }
                guard byte == UInt8(ascii: "\\") else { scalars.append(byte); continue }
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw fail("unpaired surrogate")
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw fail("invalid \\u escape") }
                    scalars.append(contentsOf: String(Character(scalar)).utf8)
                default:
                    throw fail("invalid escape")
                }
            }
            throw fail("unterminated string")
        }

        /// A string's bytes as text; invalid UTF-8 is an error, never replaced.
        func text(_ utf8: UnsafeBufferPointer<UInt8>) throws -> String {
            guard let text = String(validating: utf8, as: UTF8.self) else { throw fail("invalid UTF-8 in a string") }
            return text
        }

        mutating func hex4() throws -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("short \\u escape") }
            var code: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                index += 1
                let digit: UInt32
                switch byte {
                case 48...57: digit = UInt32(byte - 48)
                case 65...70: digit = UInt32(byte - 55)
                case 97...102: digit = UInt32(byte - 87)
                default: throw fail("invalid \\u escape")
                }
                code = code * 16 + digit
            }
            return code
        }

        /// Skips any JSON value (for keys the Firestore shapes do not use).
        mutating func skipValue() throws {
            switch peek() {
            case UInt8(ascii: "{")?: try object { parser, _ in try parser.skipValue() }
            case UInt8(ascii: "[")?: try array { try $0.skipValue() }
            case UInt8(ascii: "\"")?: _ = try string()
            case UInt8(ascii: "t")?: try literal("true")
            case UInt8(ascii: "f")?: try literal("false")
            case UInt8(ascii: "n")?: try literal("null")
            default: _ = try numberText()
            }
        }
    }
}
