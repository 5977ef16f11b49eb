extension SchemaValidator {
    /// Values exist, raw values have the enum's type, are unique and avoid reserved ones.
    mutating func validateEnum(_ decl: EnumDecl) {
        guard !decl.cases.isEmpty else {
            if decl.droppedValues { return }
            diagnostics.error(.emptyEnum, "enum '\(decl.info.name)' has no values", at: decl.info.location)
            return
        }
        let reservedMembers = SwiftNames.enumMembers.union(decl.isOpen ? SwiftNames.openEnumMembers : [])
        checkMemberNames(decl.cases.map { ($0.info, $0.swiftName) }, kind: "enum value", reserved: reservedMembers)
        for value in decl.cases where SwiftNames.ambiguousCases.contains(value.swiftName) {
            diagnostics.error(.reservedSwiftName, "enum value name '\(value.info.name)' becomes '.\(value.swiftName)', which Swift reads as Optional's own case wherever the enum is optional (a default of '\(value.info.name)' would be nil)",
                              at: value.info.location, suggestion: "rename it, keeping the stored value with 'raw: \(value.info.name)'")
        }
        var reserved: [ConstantValue: SourceLocation] = [:]
        for value in decl.reserved {
            if rawTypeMismatch(value.value, decl.rawType) {
                diagnostics.error(.mistypedRawValue, "reserved value\(value.value.shownForMessage) is \(value.value.kindDescription), which does not fit \(decl.rawType.rawValue) enum '\(decl.info.name)'",
                                  at: value.location)
            } else if reserved[value.value] == nil {
                reserved[value.value] = value.location
            }
        }
        var seen: [ConstantValue: EnumDecl.Case] = [:]
        for value in decl.cases {
            let raw = value.rawValue
            if raw.value == .null { continue }  // reported while decoding
            if decl.rawType == .int, case .double(let number) = raw.value, number.isWholeOutsideInt64 {
                diagnostics.error(.integerOutOfRange, "raw value of '\(value.info.name)' is\(raw.value.shownForMessage), outside \(Double.int64RangeText)",
                                  at: raw.location)
                continue
            }
            if rawTypeMismatch(raw.value, decl.rawType) {
                diagnostics.error(.mistypedRawValue, "raw value of '\(value.info.name)' must be \(decl.rawType == .int ? "an integer" : "a string") in \(decl.rawType.rawValue) enum '\(decl.info.name)', not \(raw.value.kindDescription)\(raw.value.shownForMessage)",
                                  at: raw.location)
                continue
            }
            if let reservedAt = reserved[raw.value] {
                diagnostics.error(.reservedRawValueReused, "value '\(value.info.name)' uses the reserved raw value\(raw.value.shownForMessage)",
                                  at: raw.location, notes: [.init(message: "reserved here", location: reservedAt)])
            }
            if let earlier = seen[raw.value] {
                diagnostics.error(.duplicateRawValue, "values '\(earlier.info.name)' and '\(value.info.name)' share the raw value\(raw.value.shownForMessage)",
                                  at: raw.location, notes: [.init(message: "'\(earlier.info.name)' is declared here", location: earlier.info.location)])
            } else {
                seen[raw.value] = value
            }
        }
    }

    private func rawTypeMismatch(_ value: ConstantValue, _ rawType: EnumDecl.RawType) -> Bool {
        switch (value, rawType) {
        case (.string, .string), (.int, .int): false
        default: true
        }
    }
}
