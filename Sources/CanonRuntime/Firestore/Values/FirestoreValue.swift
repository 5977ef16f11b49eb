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

extension FirestoreValue {
    /// Proto3 JSON accepts standard and URL-safe base64, with or without padding.
    static func standardBase64(_ text: String) -> String {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.utf8.count % 4 != 0 { standard += "=" }
        return standard
    }
}
