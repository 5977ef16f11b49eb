import CanonRuntime

/// Field transforms as the discovery document defines them.
enum Transforms {
    /// The new value of a field, given its current value (nil when absent).
    static func apply(_ operation: FieldTransform.Operation, to current: FirestoreValue?, requestTime: Timestamp) -> FirestoreValue {
        switch operation {
        case .setToServerValue:
            return .timestamp(requestTime)
        case .increment(let operand):
            guard let current, isNumber(current) else { return operand }
            return add(current, operand)
        case .maximum(let operand):
            guard let current, isNumber(current) else { return operand }
            return extreme(current, operand, wantLarger: true)
        case .minimum(let operand):
            guard let current, isNumber(current) else { return operand }
            return extreme(current, operand, wantLarger: false)
        case .appendMissingElements(let elements):
            var array: [FirestoreValue] = []
            if case .array(let existing)? = current { array = existing }
            for element in elements where !array.contains(where: { ValueOrder.equal($0, element) }) {
                array.append(element)
            }
            return .array(array)
        case .removeAllFromArray(let elements):
            guard case .array(let existing)? = current else { return .array([]) }
            return .array(existing.filter { value in !elements.contains { ValueOrder.equal($0, value) } })
        }
    }

    /// What `transformResults` reports: the new value, or null for the array transforms.
    static func result(of operation: FieldTransform.Operation, newValue: FirestoreValue) -> FirestoreValue {
        switch operation {
        case .appendMissingElements, .removeAllFromArray: .null
        default: newValue
        }
    }

    static func isNumber(_ value: FirestoreValue) -> Bool {
        switch value {
        case .integer, .double: true
        default: false
        }
    }

    static func asDouble(_ value: FirestoreValue) -> Double {
        switch value {
        case .integer(let number): Double(number)
        case .double(let number): number
        default: 0
        }
    }

    /// Integer addition saturates at the int64 bounds; any double makes the sum a double.
    static func add(_ a: FirestoreValue, _ b: FirestoreValue) -> FirestoreValue {
        if case .integer(let x) = a, case .integer(let y) = b {
            let (sum, overflow) = x.addingReportingOverflow(y)
            if overflow { return .integer(y > 0 ? .max : .min) }
            return .integer(sum)
        }
        return .double(asDouble(a) + asDouble(b))
    }

    /// Maximum or minimum: NaN wins, equivalent operands keep the stored value, mixed types take
    /// the type of the chosen operand.
    static func extreme(_ stored: FirestoreValue, _ operand: FirestoreValue, wantLarger: Bool) -> FirestoreValue {
        if case .double(let x) = stored, x.isNaN { return stored }
        if case .double(let y) = operand, y.isNaN { return operand }
        let order = ValueOrder.compare(operand, stored)
        if order == 0 { return stored }
        return (order > 0) == wantLarger ? operand : stored
    }
}
