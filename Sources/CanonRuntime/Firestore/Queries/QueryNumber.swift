/// A numeric field a query can sum and average: `Int`, `Double` and their optionals. A sum has
/// the field's type; Firestore sums integers as integers and anything else as a double.
public protocol QueryNumber: Sendable {
    /// What a sum of the field is.
    associatedtype Total: Sendable
    /// The sum as Firestore reports it; throws ``RepositoryError/sumOverflow(field:)`` when an
    /// integer sum overflowed into a double.
    static func total(_ value: FirestoreValue, field: String) throws -> Total
}

/// An integer field sums as an integer.
extension Int: QueryNumber {
    public static func total(_ value: FirestoreValue, field: String) throws -> Int {
        switch value {
        case .integer(let sum): return Int(sum)
        case .null: return 0
        case .double: throw RepositoryError.sumOverflow(field: field)
        default: throw FirestoreError.malformedResponse("a sum that is \(value.kindName)")
        }
    }
}

/// A double field sums as a double.
extension Double: QueryNumber {
    public static func total(_ value: FirestoreValue, field: String) throws -> Double {
        switch value {
        case .integer(let sum): return Double(sum)
        case .double(let sum): return sum
        case .null: return 0
        default: throw FirestoreError.malformedResponse("a sum that is \(value.kindName)")
        }
    }
}

/// An optional numeric field sums as its wrapped type; documents without it count for nothing.
extension Optional: QueryNumber where Wrapped: QueryNumber {
    public static func total(_ value: FirestoreValue, field: String) throws -> Wrapped.Total {
        try Wrapped.total(value, field: field)
    }
}
