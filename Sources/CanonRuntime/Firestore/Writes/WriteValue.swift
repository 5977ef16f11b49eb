/// A value to write: a plain Firestore value, a map of write values, or a sentinel that asks the
/// server to do something (delete the field, set the commit time, change a number or an array).
public indirect enum WriteValue: Sendable, Hashable {
    /// A plain value (maps are written with ``map(_:)`` so that sentinels may nest in them).
    case value(FirestoreValue)
    /// A map whose entries may be sentinels.
    case map([String: WriteValue])
    /// Removes the field (update and merge only).
    case delete
    /// The commit time, set by the server.
    case serverTimestamp
    /// Adds to a number.
    case increment(FirestoreValue)
    /// The larger of the field and the value.
    case maximum(FirestoreValue)
    /// The smaller of the field and the value.
    case minimum(FirestoreValue)
    /// Appends the elements the array lacks.
    case arrayUnion([FirestoreValue])
    /// Removes every occurrence of the elements.
    case arrayRemove([FirestoreValue])

    /// A plain value as a write value, maps opened up so sentinels can be told apart.
    public init(_ value: FirestoreValue) {
        if case .map(let fields) = value {
            self = .map(fields.mapValues(WriteValue.init))
        } else {
            self = .value(value)
        }
    }

    var transform: FieldTransform.Operation? {
        switch self {
        case .serverTimestamp: .setToServerValue
        case .increment(let value): .increment(value)
        case .maximum(let value): .maximum(value)
        case .minimum(let value): .minimum(value)
        case .arrayUnion(let values): .appendMissingElements(values)
        case .arrayRemove(let values): .removeAllFromArray(values)
        case .value, .map, .delete: nil
        }
    }
}
