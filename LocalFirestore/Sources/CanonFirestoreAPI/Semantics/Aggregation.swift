import CanonRuntime

/// One aggregation of `runAggregationQuery`: count (with `upTo`), sum or avg.
struct Aggregation: Sendable {
    enum Operator: Sendable {
        case count(upTo: Int64?)
        case sum(ParsedFieldPath)
        case average(ParsedFieldPath)
    }

    var alias: String?
    var op: Operator

    static func decode(_ json: JSON, at path: String) throws(RPCError) -> Aggregation {
        var reader = try ObjectReader(json, at: path)
        let alias = try reader.string("alias")
        var operators: [Operator] = []
        if let count = reader.take("count") {
            var inner = try ObjectReader(count, at: "\(path).count")
            let upTo = try inner.integer("upTo")
            try inner.finish()
            if let upTo, upTo <= 0 { throw RPCError.invalid("count.upTo must be greater than zero, not \(upTo).") }
            operators.append(.count(upTo: upTo))
        }
        for key in ["sum", "avg"] {
            guard let json = reader.take(key) else { continue }
            var inner = try ObjectReader(json, at: "\(path).\(key)")
            guard let field = inner.take("field") else { throw RPCError.invalid("\(key) at '\(path)' needs a field.") }
            let fieldPath = try RequestDecoding.fieldReference(field, at: "\(path).\(key).field")
            try inner.finish()
            operators.append(key == "sum" ? .sum(fieldPath) : .average(fieldPath))
        }
        try reader.finish()
        guard operators.count == 1 else {
            throw RPCError.invalid("An aggregation at '\(path)' must set exactly one of count, sum and avg (oneof operator).")
        }
        return Aggregation(alias: alias, op: operators[0])
    }

    /// 1 to 5 aggregations, with unique aliases that are valid field names.
    static func check(_ aggregations: [Aggregation]) throws(RPCError) {
        guard (1...5).contains(aggregations.count) else {
            throw RPCError.invalid("An aggregation query needs between 1 and 5 aggregations; it has \(aggregations.count).")
        }
        var aliases: Set<String> = []
        for aggregation in aggregations {
            guard let alias = aggregation.alias else { continue }
            if alias.isEmpty || ResourceName.isReserved(alias) || alias.utf8.count > 1_500 {
                throw RPCError.invalid("Aggregation alias \"\(alias)\" is not a valid field name.")
            }
            guard aliases.insert(alias).inserted else { throw RPCError.invalid("Aggregation alias \"\(alias)\" is used twice.") }
        }
    }

    func compute(over documents: [DocumentSnapshot]) -> FirestoreValue {
        switch op {
        case .count(let upTo):
            let count = Int64(documents.count)
            return .integer(upTo.map { min($0, count) } ?? count)
        case .sum(let path):
            // Integers while every operand is one and the total fits; doubles otherwise.
            var integer: Int64 = 0
            var double = 0.0
            var isInteger = true
            for document in documents {
                switch Fields.value(at: path, in: document.fields) {
                case .integer(let value)?:
                    if isInteger {
                        let (sum, overflow) = integer.addingReportingOverflow(value)
                        if overflow {
                            isInteger = false
                            double = Double(integer) + Double(value)
                        } else {
                            integer = sum
                        }
                    } else {
                        double += Double(value)
                    }
                case .double(let value)?:
                    if isInteger {
                        isInteger = false
                        double = Double(integer)
                    }
                    double += value
                default: continue
                }
            }
            return isInteger ? .integer(integer) : .double(double)
        case .average(let path):
            var total = 0.0
            var count = 0
            for document in documents {
                switch Fields.value(at: path, in: document.fields) {
                case .integer(let value)?: total += Double(value); count += 1
                case .double(let value)?: total += value; count += 1
                default: continue
                }
            }
            return count == 0 ? .null : .double(total / Double(count))
        }
    }
}
