import CanonRuntime

/// Firestore's total order over values: null < booleans < numbers (integers and doubles
/// together, NaN first) < timestamps < strings (UTF-8 bytes) < bytes < references < geopoints <
/// arrays < vectors < maps.
enum ValueOrder {
    /// The rank of a value's type; values of different ranks never compare equal.
    static func typeRank(_ value: FirestoreValue) -> Int {
        switch value {
        case .null: 0
        case .boolean: 1
        case .integer, .double: 2
        case .timestamp: 3
        case .string: 4
        case .bytes: 5
        case .reference: 6
        case .geoPoint: 7
        case .array: 8
        case .map(let fields): isVector(fields) ? 9 : 10
        }
    }

    static func isVector(_ fields: [String: FirestoreValue]) -> Bool {
        fields["__type__"] == .string("__vector__")
    }

    /// -1, 0 or 1.
    static func compare(_ lhs: FirestoreValue, _ rhs: FirestoreValue) -> Int {
        let left = typeRank(lhs), right = typeRank(rhs)
        if left != right { return left < right ? -1 : 1 }
        switch (lhs, rhs) {
        case (.null, .null): return 0
        case (.boolean(let a), .boolean(let b)): return a == b ? 0 : (!a ? -1 : 1)
        case (.integer(let a), .integer(let b)): return a == b ? 0 : (a < b ? -1 : 1)
        case (.double(let a), .double(let b)): return compareDoubles(a, b)
        case (.integer(let a), .double(let b)): return -compareDouble(b, withInteger: a)
        case (.double(let a), .integer(let b)): return compareDouble(a, withInteger: b)
        case (.timestamp(let a), .timestamp(let b)): return a == b ? 0 : (a < b ? -1 : 1)
        case (.string(let a), .string(let b)): return compareBytes(a.utf8, b.utf8)
        case (.bytes(let a), .bytes(let b)): return compareBytes(a.data, b.data)
        case (.reference(let a), .reference(let b)): return compareReferences(a, b)
        case (.geoPoint(let a), .geoPoint(let b)):
            let latitude = compareDoubles(a.latitude, b.latitude)
            return latitude != 0 ? latitude : compareDoubles(a.longitude, b.longitude)
        case (.array(let a), .array(let b)): return compareArrays(a, b)
        case (.map(let a), .map(let b)):
            if isVector(a) {
                // Vectors order by length first, then element by element.
                let va = vectorValues(a), vb = vectorValues(b)
                if va.count != vb.count { return va.count < vb.count ? -1 : 1 }
                return compareArrays(va, vb)
            }
            return compareMaps(a, b)
        default: return 0
        }
    }

    static func equal(_ lhs: FirestoreValue, _ rhs: FirestoreValue) -> Bool { compare(lhs, rhs) == 0 }

    private static func vectorValues(_ fields: [String: FirestoreValue]) -> [FirestoreValue] {
        if case .array(let values) = fields["value"] { return values }
        return []
    }

    /// NaN first and equal to itself; -0.0 equals 0.0.
    static func compareDoubles(_ a: Double, _ b: Double) -> Int {
        if a.isNaN { return b.isNaN ? 0 : -1 }
        if b.isNaN { return 1 }
        return a < b ? -1 : (a > b ? 1 : 0)
    }

    /// Exact comparison of a double with an int64 (no rounding through Double).
    static func compareDouble(_ a: Double, withInteger b: Int64) -> Int {
        if a.isNaN { return -1 }
        if a < -9_223_372_036_854_775_808.0 { return -1 }
        if a >= 9_223_372_036_854_775_808.0 { return 1 }
        let whole = a.rounded(.down)
        let integer = Int64(whole)
        if integer != b { return integer < b ? -1 : 1 }
        return a > whole ? 1 : 0
    }

    static func compareBytes<A: Sequence<UInt8>, B: Sequence<UInt8>>(_ a: A, _ b: B) -> Int {
        var left = a.makeIterator(), right = b.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    /// Segment by segment, so `a/b` < `a/b/c/d` < `a/c`.
    static func compareReferences(_ a: String, _ b: String) -> Int {
        let left = a.split(separator: "/", omittingEmptySubsequences: false)
        let right = b.split(separator: "/", omittingEmptySubsequences: false)
        for (x, y) in zip(left, right) {
            let result = compareBytes(x.utf8, y.utf8)
            if result != 0 { return result }
        }
        return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
    }

    static func compareArrays(_ a: [FirestoreValue], _ b: [FirestoreValue]) -> Int {
        for (x, y) in zip(a, b) {
            let result = compare(x, y)
            if result != 0 { return result }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// Keys in order, each key then its value, then size.
    static func compareMaps(_ a: [String: FirestoreValue], _ b: [String: FirestoreValue]) -> Int {
        let left = a.keys.sortedByBytes()
        let right = b.keys.sortedByBytes()
        for (x, y) in zip(left, right) {
            let keys = compareBytes(x.utf8, y.utf8)
            if keys != 0 { return keys }
            let values = compare(a[x]!, b[y]!)
            if values != 0 { return values }
        }
        return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
    }
}
