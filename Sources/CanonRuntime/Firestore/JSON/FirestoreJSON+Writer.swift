import Foundation

extension FirestoreJSON {
    /// Writes proto3 JSON into a byte buffer.
    struct Writer {
        var bytes: [UInt8] = []

        init() { bytes.reserveCapacity(1024) }

        mutating func raw(_ text: StaticString) {
            text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }

        /// An object; `body` writes its members, each after ``key(_:_:)``.
        mutating func object(_ body: (inout Writer, inout Bool) -> Void) {
            bytes.append(UInt8(ascii: "{"))
            var first = true
            body(&self, &first)
            bytes.append(UInt8(ascii: "}"))
        }

        /// A member's key, after a comma unless it is the object's first.
        mutating func key(_ name: StaticString, _ first: inout Bool) {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            bytes.append(UInt8(ascii: "\""))
            raw(name)
            raw("\":")
        }

        /// A member written only when `value` is there.
        mutating func member<Value>(_ name: StaticString, _ value: Value?, _ first: inout Bool, _ write: (inout Writer, Value) -> Void) {
            guard let value else { return }
            key(name, &first)
            write(&self, value)
        }

        /// An array, each element written by `write`.
        mutating func array<Element>(_ elements: [Element], _ write: (inout Writer, Element) -> Void) {
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(&self, element)
            }
            bytes.append(UInt8(ascii: "]"))
        }

        /// A number written as a JSON number (int32 fields such as `limit`).
        mutating func number(_ value: Int) {
            bytes.append(contentsOf: String(value).utf8)
        }

        mutating func boolean(_ flag: Bool) {
            flag ? raw("true") : raw("false")
        }

        mutating func document(_ document: FirestoreDocument) {
            object { writer, first in
                writer.member("name", document.name, &first) { $0.string($1) }
                if !document.fields.isEmpty {
                    writer.key("fields", &first)
                    writer.fields(document.fields)
                }
                writer.member("createTime", document.createTime, &first) { $0.string($1.rfc3339) }
                writer.member("updateTime", document.updateTime, &first) { $0.string($1.rfc3339) }
            }
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
                double(number)
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
                double(point.latitude)
                raw(",\"longitude\":")
                double(point.longitude)
                raw("}}")
            case .array(let values):
                raw("{\"arrayValue\":")
                arrayValue(values)
                raw("}")
            case .map(let entries):
                if entries.isEmpty { raw("{\"mapValue\":{}}"); return }
                raw("{\"mapValue\":{\"fields\":")
                fields(entries)
                raw("}}")
            }
        }

        /// An `ArrayValue` (`{"values": [...]}`, `{}` when empty).
        mutating func arrayValue(_ values: [FirestoreValue]) {
            object { writer, first in
                if !values.isEmpty {
                    writer.key("values", &first)
                    writer.array(values) { $0.value($1) }
                }
            }
        }

        /// A double as proto3 JSON writes one: a number, or `"NaN"`, `"Infinity"`, `"-Infinity"`
        /// (so a non-finite coordinate reaches Firestore as such, to be refused there).
        mutating func double(_ number: Double) {
            if number.isNaN {
                raw("\"NaN\"")
            } else if number.isInfinite {
                number < 0 ? raw("\"-Infinity\"") : raw("\"Infinity\"")
            } else {
                bytes.append(contentsOf: number.description.utf8)
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
}
