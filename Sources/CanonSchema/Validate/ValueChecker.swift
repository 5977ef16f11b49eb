/// Checks a literal (a default or a query operand) against a type and constraints.
struct ValueChecker {
    let schema: SchemaSet
    /// The code for a value of the wrong type.
    let code: DiagnosticCode
    /// The code for a value outside the constraints.
    let constraintCode: DiagnosticCode
    var diagnostics = DiagnosticBag()

    init(schema: SchemaSet, code: DiagnosticCode, constraintCode: DiagnosticCode) {
        self.schema = schema
        self.code = code
        self.constraintCode = constraintCode
    }

    mutating func check(_ value: Located<ConstantValue>, against type: FieldType, constraints: Constraints?, what: String) {
        let at = value.location
        func mismatch(_ expected: String, hint: String? = nil) {
            diagnostics.error(code, "\(what) must be \(expected), not \(value.value.kindDescription)\(value.value.shownForMessage)",
                              at: at, suggestion: hint)
        }
        switch (type, value.value) {
        case (.builtin(.string), .string(let text)):
            checkString(text, constraints, at: at, what: what)
        case (.builtin(.string), .int), (.builtin(.string), .double), (.builtin(.string), .bool):
            mismatch("a string", hint: "quote it to make it a string")
        case (.builtin(.bool), .bool):
            break
        case (.builtin(.int), .int(let number)):
            checkNumber(.int(number), constraints, at: at, what: what)
        case (.builtin(.int), .double(let number)) where number.isWholeOutsideInt64:
            diagnostics.error(.integerOutOfRange, "\(what) is \(value.value.shownForMessage.dropFirst()), outside \(Double.int64RangeText)", at: at)
        case (.builtin(.double), .int(let number)):
            checkNumber(.double(Double(number)), constraints, at: at, what: what)
        case (.builtin(.double), .double(let number)):
            checkNumber(.double(number), constraints, at: at, what: what)
        case (.builtin(.timestamp), .string(let text)):
            if !Formats.isTimestamp(text) { mismatch("an RFC 3339 timestamp such as '2026-01-31T12:00:00Z'") }
        case (.builtin(.bytes), .string(let text)):
            if let count = Formats.base64DecodedCount(text) {
                checkLength(count, constraints, unit: "bytes", at: at, what: what)
            } else {
                mismatch("base64 text")
            }
        case (.builtin(.uuid), .string(let text)):
            if !Formats.isUUID(text) { mismatch("a UUID such as '123e4567-e89b-12d3-a456-426614174000'") }
        case (.builtin(.url), .string(let text)):
            if !Formats.isAbsoluteURL(text) { mismatch("an absolute URL such as 'https://example.com'") }
        case (.builtin(.geopoint), .map(let entries)):
            checkGeoPoint(entries, at: at, what: what)
        case (.builtin(.id), _), (.reference, _):
            diagnostics.error(code, "\(what) cannot be a literal: IDs and references come from documents", at: at)
        case (.named(let name), _):
            checkNamed(value, name: name, what: what)
        case (.array(let element), .array(let items)):
            checkItems(items.count, constraints, at: at, what: what)
            for (index, item) in items.enumerated() {
                check(item, against: element, constraints: nil, what: "element \(index) of \(what)")
            }
        case (.map(let valueType), .map(let entries)):
            checkItems(entries.count, constraints, at: at, what: what)
            for entry in entries {
                check(entry.value, against: valueType, constraints: nil, what: "entry '\(entry.key.value)' of \(what)")
            }
        case (.builtin(let builtin), _):
            mismatch(builtin.article)
        case (.array, _):
            mismatch("a list")
        case (.map, _):
            mismatch("a mapping")
        }
    }

    private mutating func checkNamed(_ value: Located<ConstantValue>, name: String, what: String) {
        switch schema.lookup(name) {
        case .enumType(let decl, _)?:
            let names = decl.cases.map(\.info.name)
            guard case .string(let text) = value.value else {
                diagnostics.error(code, "\(what) must name a value of enum '\(name)', not \(value.value.kindDescription)",
                                  at: value.location)
                return
            }
            if !names.contains(text) {
                diagnostics.error(code, "'\(text)' is not a value of enum '\(name)'", at: value.location,
                                  suggestion: Suggestion.didYouMean(text, in: names))
            }
        case .embedded(let decl, _)?:
            guard case .map(let entries) = value.value else {
                diagnostics.error(code, "\(what) must be a mapping of the fields of '\(name)', not \(value.value.kindDescription)",
                                  at: value.location)
                return
            }
            let names = decl.fields.map(\.info.name)
            for entry in entries {
                guard let field = decl.field(named: entry.key.value) else {
                    diagnostics.error(code, "'\(name)' has no field '\(entry.key.value)'", at: entry.key.location,
                                      suggestion: Suggestion.didYouMean(entry.key.value, in: names))
                    continue
                }
                if entry.value.value == .null {
                    if !field.isNullable { diagnostics.error(code, "field '\(field.info.name)' of '\(name)' is not nullable", at: entry.value.location) }
                    continue
                }
                check(entry.value, against: field.type.value, constraints: field.constraints,
                      what: "field '\(field.info.name)' of \(what)")
            }
            let given = Set(entries.map(\.key.value))
            for field in decl.fields where !given.contains(field.info.name) && !field.isOptional && field.defaultValue == nil {
                diagnostics.error(code, "\(what) is missing field '\(field.info.name)' of '\(name)', which has no default",
                                  at: value.location)
            }
        case .model?, nil:
            break  // reported where the type is resolved
        }
    }

    private mutating func checkGeoPoint(_ entries: [ConstantValue.MapEntry], at: SourceLocation, what: String) {
        var seen: Set<String> = []
        for entry in entries {
            let bound: Double
            switch entry.key.value {
            case "latitude": bound = 90
            case "longitude": bound = 180
            default:
                diagnostics.error(code, "a geopoint has only 'latitude' and 'longitude', not '\(entry.key.value)'",
                                  at: entry.key.location, suggestion: Suggestion.didYouMean(entry.key.value, in: ["latitude", "longitude"]))
                continue
            }
            seen.insert(entry.key.value)
            let number: Double? = switch entry.value.value {
            case .int(let value): Double(value)
            case .double(let value): value
            default: nil
            }
            guard let number, abs(number) <= bound else {
                diagnostics.error(code, "'\(entry.key.value)' of \(what) must be a number from -\(Int(bound)) to \(Int(bound))",
                                  at: entry.value.location)
                continue
            }
        }
        for key in ["latitude", "longitude"] where !seen.contains(key) {
            diagnostics.error(code, "\(what) is missing '\(key)'", at: at)
        }
    }

    private mutating func checkString(_ text: String, _ constraints: Constraints?, at: SourceLocation, what: String) {
        checkLength(text.count, constraints, unit: "characters", at: at, what: what)
        if let pattern = constraints?.pattern, let regex = try? Regex(pattern.value), (try? regex.wholeMatch(in: text)) == nil {
            diagnostics.error(constraintCode, "\(what) '\(text)' does not match pattern '\(pattern.value)'", at: at)
        }
    }

    private mutating func checkLength(_ count: Int, _ constraints: Constraints?, unit: String, at: SourceLocation, what: String) {
        if let min = constraints?.minLength, count < min.value {
            diagnostics.error(constraintCode, "\(what) has \(count) \(unit), fewer than min_length \(min.value)", at: at)
        }
        if let max = constraints?.maxLength, count > max.value {
            diagnostics.error(constraintCode, "\(what) has \(count) \(unit), more than max_length \(max.value)", at: at)
        }
    }

    private mutating func checkItems(_ count: Int, _ constraints: Constraints?, at: SourceLocation, what: String) {
        if let min = constraints?.minItems, count < min.value {
            diagnostics.error(constraintCode, "\(what) has \(count) items, fewer than min_items \(min.value)", at: at)
        }
        if let max = constraints?.maxItems, count > max.value {
            diagnostics.error(constraintCode, "\(what) has \(count) items, more than max_items \(max.value)", at: at)
        }
    }

    private mutating func checkNumber(_ number: NumericBound, _ constraints: Constraints?, at: SourceLocation, what: String) {
        if let min = constraints?.min, !min.value.allows(atLeast: number) {
            diagnostics.error(constraintCode, "\(what) is \(number), less than min \(min.value)", at: at)
        }
        if let max = constraints?.max, !number.allows(atLeast: max.value) {
            diagnostics.error(constraintCode, "\(what) is \(number), greater than max \(max.value)", at: at)
        }
    }
}

extension BuiltinType {
    /// `a string`, `an int`, for messages.
    var article: String {
        switch self {
        case .int, .id, .url, .uuid: "an \(rawValue)"
        default: "a \(rawValue)"
        }
    }
}

extension ConstantValue {
    /// ` 'text'` for scalars, nothing for collections.
    var shownForMessage: String {
        switch self {
        case .string(let text): " '\(text.truncatedForMessage)'"
        case .int(let value): " \(value)"
        case .double(let value): " \(value)"
        case .bool(let value): " \(value)"
        case .null, .array, .map: ""
        }
    }
}
