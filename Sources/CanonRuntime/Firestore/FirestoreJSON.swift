import Foundation

/// Reads and writes the REST API's JSON for documents and values directly as bytes.
///
/// The same shapes as the `Codable` conformances of ``FirestoreValue`` and ``FirestoreDocument``,
/// several times faster: no intermediate `Any` trees or keyed containers, which dominated the
/// cost of a round trip (see `Benchmarks/CodingBenchmark`).
public enum FirestoreJSON {
    // MARK: Writing

    /// A document as JSON.
    public static func data(for document: FirestoreDocument) -> Data {
        var writer = Writer()
        writer.document(document)
        return Data(writer.bytes)
    }

    /// A value as JSON.
    public static func data(for value: FirestoreValue) -> Data {
        var writer = Writer()
        writer.value(value)
        return Data(writer.bytes)
    }

    struct Writer {
        var bytes: [UInt8] = []

        init() { bytes.reserveCapacity(1024) }

        mutating func raw(_ text: StaticString) {
            text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }

        mutating func document(_ document: FirestoreDocument) {
            bytes.append(UInt8(ascii: "{"))
            var first = true
            func separator(_ writer: inout Writer) {
                if !first { writer.bytes.append(UInt8(ascii: ",")) }
                first = false
            }
            if let name = document.name {
                separator(&self)
                raw("\"name\":")
                string(name)
            }
            if !document.fields.isEmpty {
                separator(&self)
                raw("\"fields\":")
                fields(document.fields)
            }
            if let time = document.createTime {
                separator(&self)
                raw("\"createTime\":")
                string(time.rfc3339)
            }
            if let time = document.updateTime {
                separator(&self)
                raw("\"updateTime\":")
                string(time.rfc3339)
            }
            bytes.append(UInt8(ascii: "}"))
        }

        mutating func fields(_ fields: [String: FirestoreValue]) {
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (key, value) in fields {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                string(key)
                bytes.append(UInt8(ascii: ":"))
                self.value(value)
            }
            bytes.append(UInt8(ascii: "}"))
        }

        mutating func value(_ value: FirestoreValue) {
            switch value {
            case .null: raw("{\"nullValue\":null}")
            case .boolean(let flag): flag ? raw("{\"booleanValue\":true}") : raw("{\"booleanValue\":false}")
            case .integer(let number):
                raw("{\"integerValue\":\"")
                bytes.append(contentsOf: String(number).utf8)
                raw("\"}")
            case .double(let number):
                raw("{\"doubleValue\":")
                if number.isNaN {
                    raw("\"NaN\"")
                } else if number.isInfinite {
                    number < 0 ? raw("\"-Infinity\"") : raw("\"Infinity\"")
                } else {
                    bytes.append(contentsOf: number.description.utf8)
                }
                raw("}")
            case .timestamp(let time):
                raw("{\"timestampValue\":")
                string(time.rfc3339)
                raw("}")
            case .string(let text):
                raw("{\"stringValue\":")
                string(text)
                raw("}")
            case .bytes(let data):
                raw("{\"bytesValue\":")
                string(data.base64)
                raw("}")
            case .reference(let name):
                raw("{\"referenceValue\":")
                string(name)
                raw("}")
            case .geoPoint(let point):
                raw("{\"geoPointValue\":{\"latitude\":")
                bytes.append(contentsOf: point.latitude.description.utf8)
                raw(",\"longitude\":")
                bytes.append(contentsOf: point.longitude.description.utf8)
                raw("}}")
            case .array(let values):
                if values.isEmpty { raw("{\"arrayValue\":{}}"); return }
                raw("{\"arrayValue\":{\"values\":[")
                for (index, element) in values.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    self.value(element)
                }
                raw("]}}")
            case .map(let entries):
                if entries.isEmpty { raw("{\"mapValue\":{}}"); return }
                raw("{\"mapValue\":{\"fields\":")
                fields(entries)
                raw("}}")
            }
        }

        mutating func string(_ text: String) {
            bytes.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                case 0..<0x20:
                    raw("\\u00")
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0F)])
                default: bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    // MARK: Reading

    /// A document from JSON.
    public static func document(from data: Data) throws -> FirestoreDocument {
        try data.withUnsafeBytes { raw in
            var parser = Parser(bytes: raw.bindMemory(to: UInt8.self))
            let document = try parser.document()
            try parser.end()
            return document
        }
    }

    /// One element of a `runQuery` answer.
    public static func runQueryResponse(from data: Data) throws -> RunQueryResponse {
        try data.withUnsafeBytes { raw in
            var parser = Parser(bytes: raw.bindMemory(to: UInt8.self))
            var response = RunQueryResponse()
            try parser.object { parser, key in
                switch key {
                case "document": response.document = try parser.document()
                case "readTime": response.readTime = try parser.timestamp()
                case "skippedResults": response.skippedResults = Int(try parser.numberText())
                case "transaction": response.transaction = try parser.string()
                default: try parser.skipValue()
                }
            }
            try parser.end()
            return response
        }
    }

    /// One element of a `batchGet` answer: a found document, or the name of a missing one.
    public static func batchGetResponse(from data: Data) throws -> (found: FirestoreDocument?, missing: String?) {
        try data.withUnsafeBytes { raw in
            var parser = Parser(bytes: raw.bindMemory(to: UInt8.self))
            var found: FirestoreDocument?
            var missing: String?
            try parser.object { parser, key in
                switch key {
                case "found": found = try parser.document()
                case "missing": missing = try parser.string()
                default: try parser.skipValue()
                }
            }
            try parser.end()
            return (found, missing)
        }
    }

    /// A value from JSON.
    public static func value(from data: Data) throws -> FirestoreValue {
        try data.withUnsafeBytes { raw in
            var parser = Parser(bytes: raw.bindMemory(to: UInt8.self))
            let value = try parser.value()
            try parser.end()
            return value
        }
    }

    /// Malformed JSON, or JSON that is not a Firestore document or value, with the byte offset.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What was wrong.
        public var message: String
        /// Where, in bytes from the start.
        public var offset: Int

        public var description: String { "invalid Firestore JSON at byte \(offset): \(message)" }
    }

    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

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

        mutating func end() throws {
            if peek() != nil { throw fail("unexpected data after the JSON value") }
        }

        /// Calls `body` for each key of an object, positioned at the key's value.
        mutating func object(_ body: (inout Parser, String) throws -> Void) throws {
            try expect(UInt8(ascii: "{"))
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
                        guard key == "values" else { try parser.skipValue(); return }
                        try parser.expect(UInt8(ascii: "["))
                        if parser.peek() == UInt8(ascii: "]") { parser.index += 1; return }
                        while true {
                            values.append(try parser.value())
                            guard let next = parser.peek() else { throw parser.fail("unterminated array") }
                            parser.index += 1
                            if next == UInt8(ascii: "]") { return }
                            guard next == UInt8(ascii: ",") else { throw parser.fail("expected ',' or ']'") }
                        }
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
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") { index += 1 }
            guard index < bytes.count else { throw fail("unterminated string") }
            if bytes[index] == UInt8(ascii: "\"") {
                defer { index += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            }
            var scalars = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { return String(decoding: scalars, as: UTF8.self) }
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
            case UInt8(ascii: "[")?:
                index += 1
                if peek() == UInt8(ascii: "]") { index += 1; return }
                while true {
                    try skipValue()
                    guard let next = peek() else { throw fail("unterminated array") }
                    index += 1
                    if next == UInt8(ascii: "]") { return }
                    guard next == UInt8(ascii: ",") else { throw fail("expected ',' or ']'") }
                }
            case UInt8(ascii: "\"")?: _ = try string()
            case UInt8(ascii: "t")?: try literal("true")
            case UInt8(ascii: "f")?: try literal("false")
            case UInt8(ascii: "n")?: try literal("null")
            default: _ = try numberText()
            }
        }
    }
}
