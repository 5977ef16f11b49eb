extension [String: FirestoreValue] {
    /// The value at a path into nested maps, if there is one.
    func value(at path: FieldPath) -> FirestoreValue? {
        guard let first = path.segments.first, var current = self[first] else { return nil }
        for segment in path.segments.dropFirst() {
            guard case .map(let entries) = current, let next = entries[segment] else { return nil }
            current = next
        }
        return current
    }

    /// Puts a value at a path into nested maps, making (or replacing with) maps on the way.
    mutating func setValue(_ value: FirestoreValue, at path: FieldPath) {
        setValue(value, at: path.segments[...])
    }

    private mutating func setValue(_ value: FirestoreValue, at segments: ArraySlice<String>) {
        guard let first = segments.first else { return }
        if segments.count == 1 {
            self[first] = value
            return
        }
        var nested: [String: FirestoreValue] = [:]
        if case .map(let existing)? = self[first] { nested = existing }
        nested.setValue(value, at: segments.dropFirst())
        self[first] = .map(nested)
    }
}
