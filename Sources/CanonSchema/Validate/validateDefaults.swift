extension SchemaValidator {
    /// Constraints apply to the field's type and their bounds agree.
    mutating func validateConstraints(_ field: FieldDecl) {
        let c = field.constraints
        let type = field.type.value
        let name = field.info.name
        func notApplicable(_ key: String, _ location: SourceLocation, _ allowed: String) {
            diagnostics.error(.constraintNotApplicable, "'\(key)' does not apply to field '\(name)' of type '\(type)'; it applies to \(allowed)",
                              at: location)
        }
        let numeric = type == .builtin(.int) || type == .builtin(.double)
        for (key, bound) in [("min", c.min), ("max", c.max)] {
            guard let bound else { continue }
            if !numeric {
                notApplicable(key, bound.location, "int and double")
            } else if type == .builtin(.int), bound.value.exactInteger == nil {
                if bound.value.doubleValue.isWholeOutsideInt64 {
                    diagnostics.error(.integerOutOfRange, "'\(key)' of int field '\(name)' is \(bound.value), outside \(Double.int64RangeText)",
                                      at: bound.location)
                } else {
                    diagnostics.error(.constraintNotApplicable, "'\(key)' of int field '\(name)' must be a whole number", at: bound.location)
                }
            }
        }
        if let min = c.min, let max = c.max, numeric, !min.value.allows(atLeast: max.value) {
            diagnostics.error(.invalidConstraintBounds, "'min' (\(min.value)) is greater than 'max' (\(max.value))", at: min.location)
        }
        let measured = type == .builtin(.string) || type == .builtin(.bytes)
        let counted = type.isContainer
        for (key, bound, applies, allowed) in [
            ("min_length", c.minLength, measured, "string and bytes"), ("max_length", c.maxLength, measured, "string and bytes"),
            ("min_items", c.minItems, counted, "lists and maps"), ("max_items", c.maxItems, counted, "lists and maps"),
        ] {
            guard let bound else { continue }
            if !applies { notApplicable(key, bound.location, allowed) }
            if bound.value < 0 { diagnostics.error(.invalidConstraintBounds, "'\(key)' cannot be negative", at: bound.location) }
        }
        if let min = c.minLength, let max = c.maxLength, measured, min.value > max.value {
            diagnostics.error(.invalidConstraintBounds, "'min_length' (\(min.value)) is greater than 'max_length' (\(max.value))", at: min.location)
        }
        if let min = c.minItems, let max = c.maxItems, counted, min.value > max.value {
            diagnostics.error(.invalidConstraintBounds, "'min_items' (\(min.value)) is greater than 'max_items' (\(max.value))", at: min.location)
        }
        if let pattern = c.pattern {
            if type != .builtin(.string) {
                notApplicable("pattern", pattern.location, "string")
            } else {
                do {
                    _ = try Regex(pattern.value)
                } catch {
                    diagnostics.error(.invalidPattern, "'pattern' of field '\(name)' is not a valid regular expression: \(error)",
                                      at: pattern.location)
                }
            }
        }
    }

    /// The default fits the type and satisfies the constraints.
    mutating func validateDefault(_ field: FieldDecl) {
        guard let value = field.defaultValue else { return }
        if field.isID || field.audit != nil { return }  // reported with identity and audit rules
        if value.value == .null {
            if !field.isNullable {
                diagnostics.error(.defaultTypeMismatch, "default 'null' needs 'nullable: true' on field '\(field.info.name)'",
                                  at: value.location,
                                  suggestion: field.isOptional ? "an optional field is simply absent by default; drop the default" : nil)
            }
            return
        }
        if case .reference = field.type.value.innermost {
            diagnostics.error(.defaultNotAllowed, "field '\(field.info.name)' holds references, which cannot have a default",
                              at: value.location)
            return
        }
        var checker = ValueChecker(schema: schema, code: .defaultTypeMismatch, constraintCode: .defaultViolatesConstraint)
        checker.check(value, against: field.type.value, constraints: field.constraints, what: "default of field '\(field.info.name)'")
        diagnostics.append(contentsOf: checker.diagnostics.all)
    }
}

extension Double {
    /// `3` rather than `3.0` for whole numbers.
    var compact: String {
        rounded() == self && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
