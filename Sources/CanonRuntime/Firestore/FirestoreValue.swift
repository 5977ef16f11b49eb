import Foundation

/// A Firestore `Value`: one of the kinds Firestore stores, with the proto3 JSON form the REST
/// API v1 speaks (`{"integerValue": "42"}`, `{"mapValue": {"fields": {…}}}`, …).
public indirect enum FirestoreValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case boolean(Bool)
    /// A signed 64-bit integer (a JSON string on the wire, so no precision is lost).
    case integer(Int64)
    /// An IEEE 754 double, NaN and ±infinity included.
    case double(Double)
    /// An instant with nanoseconds.
    case timestamp(Timestamp)
    /// UTF-8 text.
    case string(String)
    /// Raw bytes (base64 on the wire).
    case bytes(Bytes)
    /// A document's full resource name, `projects/{p}/databases/{d}/documents/{path}`.
    case reference(String)
    /// A latitude and longitude.
    case geoPoint(GeoPoint)
    /// A list.
    case array([FirestoreValue])
    /// A map with string keys.
    case map([String: FirestoreValue])

    public static func == (lhs: FirestoreValue, rhs: FirestoreValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.boolean(let a), .boolean(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        // Values compare by representation: NaN equals NaN, so documents holding NaN round-trip.
        case (.double(let a), .double(let b)): a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
        case (.timestamp(let a), .timestamp(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.bytes(let a), .bytes(let b)): a == b
        case (.reference(let a), .reference(let b)): a == b
        case (.geoPoint(let a), .geoPoint(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.map(let a), .map(let b)): a == b
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .boolean(let value): hasher.combine(1); hasher.combine(value)
        case .integer(let value): hasher.combine(2); hasher.combine(value)
        case .double(let value): hasher.combine(3); hasher.combine(value.isNaN ? Double.nan.bitPattern : value.bitPattern)
        case .timestamp(let value): hasher.combine(4); hasher.combine(value)
        case .string(let value): hasher.combine(5); hasher.combine(value)
        case .bytes(let value): hasher.combine(6); hasher.combine(value)
        case .reference(let value): hasher.combine(7); hasher.combine(value)
        case .geoPoint(let value): hasher.combine(8); hasher.combine(value)
        case .array(let values): hasher.combine(9); hasher.combine(values)
        case .map(let fields): hasher.combine(10); hasher.combine(fields)
        }
    }
}

extension FirestoreValue: Codable {
    enum Kind: String, CodingKey, CaseIterable {
        case nullValue, booleanValue, integerValue, doubleValue, timestampValue, stringValue, bytesValue
        case referenceValue, geoPointValue, arrayValue, mapValue
    }

    private enum ContainerKey: String, CodingKey {
        case values, fields
    }

    /// Decodes proto3 JSON. Exactly one kind must be present; integers may come as strings or
    /// numbers, doubles as numbers or `"NaN"`, `"Infinity"`, `"-Infinity"`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Kind.self)
        let present = Kind.allCases.filter(container.contains)
        guard present.count == 1, let kind = present.first else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a Firestore Value holds exactly one kind, not \(present.map(\.stringValue))"))
        }
        switch kind {
        case .nullValue:
            if !(try container.decodeNil(forKey: .nullValue)) {
                let text = try container.decode(String.self, forKey: .nullValue)
                guard text == "NULL_VALUE" else {
                    throw DecodingError.dataCorruptedError(forKey: .nullValue, in: container, debugDescription: "nullValue must be null")
                }
            }
            self = .null
        case .booleanValue:
            self = .boolean(try container.decode(Bool.self, forKey: .booleanValue))
        case .integerValue:
            if let text = try? container.decode(String.self, forKey: .integerValue) {
                guard let value = Int64(text) else {
                    throw DecodingError.dataCorruptedError(forKey: .integerValue, in: container, debugDescription: "'\(text)' is not a 64-bit integer")
                }
                self = .integer(value)
            } else {
                self = .integer(try container.decode(Int64.self, forKey: .integerValue))
            }
        case .doubleValue:
            if let text = try? container.decode(String.self, forKey: .doubleValue) {
                switch text {
                case "NaN": self = .double(.nan)
                case "Infinity": self = .double(.infinity)
                case "-Infinity": self = .double(-.infinity)
                default:
                    guard let value = Double(text) else {
                        throw DecodingError.dataCorruptedError(forKey: .doubleValue, in: container, debugDescription: "'\(text)' is not a double")
                    }
                    self = .double(value)
                }
            } else {
                self = .double(try container.decode(Double.self, forKey: .doubleValue))
            }
        case .timestampValue:
            let text = try container.decode(String.self, forKey: .timestampValue)
            guard let value = Timestamp(rfc3339: text) else {
                throw DecodingError.dataCorruptedError(forKey: .timestampValue, in: container, debugDescription: "'\(text)' is not an RFC 3339 timestamp")
            }
            self = .timestamp(value)
        case .stringValue:
            self = .string(try container.decode(String.self, forKey: .stringValue))
        case .bytesValue:
            let text = try container.decode(String.self, forKey: .bytesValue)
            // Proto3 JSON accepts standard and URL-safe base64, with or without padding.
            guard let value = Bytes(base64: Self.standardBase64(text)) else {
                throw DecodingError.dataCorruptedError(forKey: .bytesValue, in: container, debugDescription: "bytesValue is not base64")
            }
            self = .bytes(value)
        case .referenceValue:
            self = .reference(try container.decode(String.self, forKey: .referenceValue))
        case .geoPointValue:
            let point = try container.decode(LatLng.self, forKey: .geoPointValue)
            self = .geoPoint(GeoPoint(latitude: point.latitude ?? 0, longitude: point.longitude ?? 0))
        case .arrayValue:
            let nested = try container.nestedContainer(keyedBy: ContainerKey.self, forKey: .arrayValue)
            self = .array(try nested.decodeIfPresent([FirestoreValue].self, forKey: .values) ?? [])
        case .mapValue:
            let nested = try container.nestedContainer(keyedBy: ContainerKey.self, forKey: .mapValue)
            self = .map(try nested.decodeIfPresent([String: FirestoreValue].self, forKey: .fields) ?? [:])
        }
    }

    /// Encodes proto3 JSON as Firestore writes it: integers as strings, non-finite doubles as
    /// strings, empty arrays and maps without their `values`/`fields`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Kind.self)
        switch self {
        case .null:
            try container.encodeNil(forKey: .nullValue)
        case .boolean(let value):
            try container.encode(value, forKey: .booleanValue)
        case .integer(let value):
            try container.encode(String(value), forKey: .integerValue)
        case .double(let value):
            if value.isNaN {
                try container.encode("NaN", forKey: .doubleValue)
            } else if value.isInfinite {
                try container.encode(value < 0 ? "-Infinity" : "Infinity", forKey: .doubleValue)
            } else {
                try container.encode(value, forKey: .doubleValue)
            }
        case .timestamp(let value):
            try container.encode(value.rfc3339, forKey: .timestampValue)
        case .string(let value):
            try container.encode(value, forKey: .stringValue)
        case .bytes(let value):
            try container.encode(value.base64, forKey: .bytesValue)
        case .reference(let value):
            try container.encode(value, forKey: .referenceValue)
        case .geoPoint(let value):
            try container.encode(LatLng(latitude: value.latitude, longitude: value.longitude), forKey: .geoPointValue)
        case .array(let values):
            var nested = container.nestedContainer(keyedBy: ContainerKey.self, forKey: .arrayValue)
            if !values.isEmpty { try nested.encode(values, forKey: .values) }
        case .map(let fields):
            var nested = container.nestedContainer(keyedBy: ContainerKey.self, forKey: .mapValue)
            if !fields.isEmpty { try nested.encode(fields, forKey: .fields) }
        }
    }

    /// `google.type.LatLng`; proto3 JSON omits zero coordinates.
    private struct LatLng: Codable {
        var latitude: Double?
        var longitude: Double?
    }

    package static func standardBase64(_ text: String) -> String {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.utf8.count % 4 != 0 { standard += "=" }
        return standard
    }
}
