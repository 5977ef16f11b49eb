import CanonRuntime

/// Reads Firestore `Value`s and `Document`s from request JSON, strictly, as the real API does.
enum ValueDecoding {
    static let kinds = ["nullValue", "booleanValue", "integerValue", "doubleValue", "timestampValue", "stringValue",
                        "bytesValue", "referenceValue", "geoPointValue", "arrayValue", "mapValue"]

    static func value(_ json: JSON, at path: String) throws(RPCError) -> FirestoreValue {
        var reader = try ObjectReader(json, at: path)
        let present = reader.keys.filter { kinds.contains($0) }
        for key in reader.keys where !kinds.contains(key) {
            if ["fieldReferenceValue", "functionValue", "pipelineValue"].contains(key) {
                throw RPCError.invalid("\(key) at '\(path)' is only valid in pipelines and cannot be stored.")
            }
        }
        try reader.finishKinds(allowed: kinds)
        guard present.count == 1, let kind = present.first else {
            if present.isEmpty { throw RPCError.invalid("Value at '\(path)' must have exactly one kind set; it has none.") }
            throw RPCError.invalid("Invalid JSON payload received. Value at '\(path)' sets more than one of \(present.joined(separator: ", ")) (oneof value_type).")
        }
        let raw = reader.rawMember(kind)
        let here = "\(path).\(kind)"
        switch kind {
        case "nullValue":
            switch raw {
            case .null, .string("NULL_VALUE"), .number("0"): return .null
            default: throw RPCError.invalid("Invalid value at '\(here)' (type.googleapis.com/google.protobuf.NullValue)")
            }
        case "booleanValue":
            guard case .bool(let flag) = raw else { throw RPCError.invalid("Invalid value at '\(here)' (TYPE_BOOL)") }
            return .boolean(flag)
        case "integerValue":
            switch raw {
            case .string(let text), .number(let text):
                guard let number = Int64(text) else { throw RPCError.invalid("Invalid value at '\(here)' (TYPE_INT64), \"\(text)\"") }
                return .integer(number)
            default: throw RPCError.invalid("Invalid value at '\(here)' (TYPE_INT64)")
            }
        case "doubleValue":
            switch raw {
            case .number(let text):
                guard let number = Double(text) else { throw RPCError.invalid("Invalid value at '\(here)' (TYPE_DOUBLE), \(text)") }
                return .double(number)
            case .string("NaN"): return .double(.nan)
            case .string("Infinity"): return .double(.infinity)
            case .string("-Infinity"): return .double(-.infinity)
            case .string(let text):
                guard let number = Double(text), number.isFinite else {
                    throw RPCError.invalid("Invalid value at '\(here)' (TYPE_DOUBLE), \"\(text)\"")
                }
                return .double(number)
            default: throw RPCError.invalid("Invalid value at '\(here)' (TYPE_DOUBLE)")
            }
        case "timestampValue":
            guard case .string(let text) = raw, let time = Timestamp(rfc3339: text) else {
                throw RPCError.invalid("Invalid value at '\(here)' (type.googleapis.com/google.protobuf.Timestamp), Field '\(here)', Invalid time format")
            }
            guard time.seconds >= -62_135_596_800, time.seconds <= 253_402_300_799 else {
                throw RPCError.invalid("Timestamp at '\(here)' is outside 0001-01-01 to 9999-12-31.")
            }
            // Firestore keeps microseconds and drops the rest.
            return .timestamp(Timestamp(seconds: time.seconds, nanoseconds: time.nanoseconds / 1_000 * 1_000))
        case "stringValue":
            guard case .string(let text) = raw else { throw RPCError.invalid("Invalid value at '\(here)' (TYPE_STRING)") }
            return .string(text)
        case "bytesValue":
            guard case .string(let text) = raw, let data = Bytes(base64: Proto3Base64.standard(text)) else {
                throw RPCError.invalid("Invalid value at '\(here)' (TYPE_BYTES), Base64 decoding failed")
            }
            return .bytes(data)
        case "referenceValue":
            guard case .string(let text) = raw else { throw RPCError.invalid("Invalid value at '\(here)' (TYPE_STRING)") }
            guard (try? ResourceName.document(text)) != nil else {
                throw RPCError.invalid("\(here) is not a valid document name: \"\(text)\".")
            }
            return .reference(text)
        case "geoPointValue":
            var point = try ObjectReader(raw, at: here)
            let latitude = try point.double("latitude") ?? 0
            let longitude = try point.double("longitude") ?? 0
            try point.finish()
            guard (-90...90).contains(latitude), (-180...180).contains(longitude) else {
                throw RPCError.invalid("GeoPoint at '\(here)' is out of range: latitude must be in [-90, 90] and longitude in [-180, 180].")
            }
            return .geoPoint(GeoPoint(latitude: latitude, longitude: longitude))
        case "arrayValue":
            var array = try ObjectReader(raw, at: here)
            let elements = try array.array("values")
            try array.finish()
            var values: [FirestoreValue] = []
            values.reserveCapacity(elements.count)
            for (offset, element) in elements.enumerated() {
                values.append(try value(element, at: "\(here).values[\(offset)]"))
            }
            return .array(values)
        default:
            var map = try ObjectReader(raw, at: here)
            let fields = try self.fields(map.take("fields"), at: "\(here).fields")
            try map.finish()
            return .map(fields)
        }
    }

    static func fields(_ json: JSON?, at path: String) throws(RPCError) -> [String: FirestoreValue] {
        guard let json else { return [:] }
        guard case .object(let members) = json else {
            throw RPCError.invalid("Invalid JSON payload received. Expected an object at '\(path)', found \(json.kindName).")
        }
        var fields: [String: FirestoreValue] = [:]
        fields.reserveCapacity(members.count)
        for member in members {
            fields[member.key] = try value(member.value, at: "\(path)[\(member.key)]")
        }
        return fields
    }

    /// A `Document` in a write: name optional here, times ignored as the API ignores them.
    static func document(_ json: JSON, at path: String) throws(RPCError) -> FirestoreDocument {
        var reader = try ObjectReader(json, at: path)
        let name = try reader.string("name")
        let fields = try fields(reader.take("fields"), at: reader.child("fields"))
        _ = reader.take("createTime")
        _ = reader.take("updateTime")
        try reader.finish()
        return FirestoreDocument(name: name, fields: fields)
    }
}

extension ObjectReader {
    /// A double member: a JSON number or one of the strings proto3 JSON allows.
    mutating func double(_ key: String) throws(RPCError) -> Double? {
        guard let value = take(key) else { return nil }
        switch value {
        case .number(let text): if let number = Double(text) { return number }
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        case .string(let text): if let number = Double(text) { return number }
        default: break
        }
        throw RPCError.invalid("Invalid value at '\(child(key))' (TYPE_DOUBLE)")
    }

    /// Fails on a member outside `allowed`.
    mutating func finishKinds(allowed: [String]) throws(RPCError) {
        for key in allowed { _ = take(key) }
        try finish()
    }
}
