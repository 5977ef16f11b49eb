import CanonRuntime

/// Writes response JSON straight to bytes, in the proto3 JSON form Firestore answers with:
/// int64 as strings, non-finite doubles as strings, empty lists and maps without members.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func byte(_ character: Unicode.Scalar) { bytes.append(UInt8(character.value)) }

    mutating func string(_ text: String) {
        var text = text
        bytes.append(0x22)
        text.withUTF8 { utf8 in
            // Copy runs that need no escaping whole; most strings are one such run.
            var start = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                switch byte {
                case 0x22: raw("\\\"")
                case 0x5C: raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(0x22)
    }

    mutating func json(_ value: JSON) {
        switch value {
        case .null: raw("null")
        case .bool(let flag): raw(flag ? "true" : "false")
        case .number(let text): raw(text)
        case .string(let text): string(text)
        case .array(let elements):
            byte("[")
            for (offset, element) in elements.enumerated() {
                if offset > 0 { byte(",") }
                json(element)
            }
            byte("]")
        case .object(let members):
            byte("{")
            for (offset, member) in members.enumerated() {
                if offset > 0 { byte(",") }
                string(member.key)
                byte(":")
                json(member.value)
            }
            byte("}")
        }
    }

    mutating func double(_ value: Double) {
        if value.isNaN {
            raw("\"NaN\"")
        } else if value.isInfinite {
            raw(value < 0 ? "\"-Infinity\"" : "\"Infinity\"")
        } else if value == value.rounded(), abs(value) < 1e15, !(value == 0 && value.sign == .minus) {
            raw(String(Int64(value)))
        } else {
            raw(String(value))
        }
    }

    mutating func value(_ value: FirestoreValue) {
        switch value {
        case .null: raw("{\"nullValue\":null}")
        case .boolean(let flag): raw(flag ? "{\"booleanValue\":true}" : "{\"booleanValue\":false}")
        case .integer(let number): raw("{\"integerValue\":\"\(number)\"}")
        case .double(let number):
            raw("{\"doubleValue\":")
            double(number)
            byte("}")
        case .timestamp(let time):
            raw("{\"timestampValue\":")
            string(time.rfc3339)
            byte("}")
        case .string(let text):
            raw("{\"stringValue\":")
            string(text)
            byte("}")
        case .bytes(let data):
            raw("{\"bytesValue\":")
            string(data.base64)
            byte("}")
        case .reference(let name):
            raw("{\"referenceValue\":")
            string(name)
            byte("}")
        case .geoPoint(let point):
            raw("{\"geoPointValue\":{\"latitude\":")
            double(point.latitude)
            raw(",\"longitude\":")
            double(point.longitude)
            raw("}}")
        case .array(let values):
            raw("{\"arrayValue\":{")
            if !values.isEmpty {
                raw("\"values\":[")
                for (offset, element) in values.enumerated() {
                    if offset > 0 { byte(",") }
                    self.value(element)
                }
                byte("]")
            }
            raw("}}")
        case .map(let fields):
            raw("{\"mapValue\":{")
            if !fields.isEmpty {
                raw("\"fields\":")
                self.fields(fields)
            }
            raw("}}")
        }
    }

    /// Map members in key order, so answers are byte-for-byte repeatable.
    mutating func fields(_ fields: [String: FirestoreValue]) {
        byte("{")
        for (offset, key) in fields.keys.sorted().enumerated() {
            if offset > 0 { byte(",") }
            string(key)
            byte(":")
            value(fields[key]!)
        }
        byte("}")
    }

    mutating func document(_ document: FirestoreDocument) {
        byte("{")
        raw("\"name\":")
        string(document.name ?? "")
        if !document.fields.isEmpty {
            raw(",\"fields\":")
            fields(document.fields)
        }
        if let time = document.createTime {
            raw(",\"createTime\":")
            string(time.rfc3339)
        }
        if let time = document.updateTime {
            raw(",\"updateTime\":")
            string(time.rfc3339)
        }
        byte("}")
    }
}
