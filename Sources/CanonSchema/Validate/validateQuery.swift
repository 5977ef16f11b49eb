extension SchemaValidator {
    /// Firestore's caps on the values of one disjunctive filter.
    static let maximumInValues = 30
    static let maximumNotInValues = 10

    /// Fields exist and suit their operators, operands have the right types, parameters are
    /// declared and used, and the filters are ones Firestore can combine.
    mutating func validateQuery(_ query: QueryDecl, of model: ModelDecl, scope: Scope) {
        var parameters: [String: QueryDecl.Parameter] = [:]
        var used: Set<String> = []
        for parameter in query.parameters {
            checkMemberName(DeclarationInfo(name: parameter.name.value, location: parameter.name.location),
                            kind: "parameter", camelOnly: true, reserved: SwiftNames.queryArguments)
            if resolve(parameter.type, scope: scope) { parameters[parameter.name.value] = parameter }
            if case .builtin(.id) = parameter.type.value.innermost, parameter.type.value != .builtin(.id) {
                diagnostics.error(.misplacedID, "'id' parameters cannot be nested in lists or maps; use 'string'", at: parameter.type.location)
            }
        }
        let declaredNames = query.parameters.map(\.name.value)
        func lookup(_ name: Located<String>) -> QueryDecl.Parameter? {
            used.insert(name.value)
            if let parameter = parameters[name.value] { return parameter }
            if !declaredNames.contains(name.value) {
                diagnostics.error(.undefinedParameter, "query '\(query.info.name)' uses '$\(name.value)', which 'params' does not declare",
                                  at: name.location, suggestion: Suggestion.didYouMean(name.value, in: declaredNames))
            }
            return nil
        }

        var counts: [QueryDecl.Operator: [SourceLocation]] = [:]
        for filter in query.filters {
            counts[filter.op, default: []].append(filter.field.location)
            guard let field = resolveFieldPath(filter.field, in: model) else {
                if case .parameter(let name) = filter.operand { _ = lookup(name) }
                continue
            }
            guard let expected = operandType(for: filter.op, field: field, at: filter.field) else {
                if case .parameter(let name) = filter.operand { _ = lookup(name) }
                continue
            }
            switch filter.operand {
            case .parameter(let name):
                guard let parameter = lookup(name) else { continue }
                if !parameterFits(parameter.type.value, expected) {
                    diagnostics.error(.operandTypeMismatch, "parameter '$\(name.value)' is '\(parameter.type.value)', but '\(filter.op.rawValue)' on '\(filter.field.value)' needs '\(expected)'",
                                      at: name.location)
                }
            case .value(let value):
                checkLiteral(value, expected: expected, filter: filter, field: field)
            }
        }
        checkCombinations(counts, query: query)

        var ordered: Set<String> = []
        for order in query.order {
            guard let field = resolveFieldPath(order.field, in: model) else { continue }
            if !ordered.insert(order.field.value).inserted {
                diagnostics.error(.incompatibleFilters, "query '\(query.info.name)' orders by '\(order.field.value)' twice", at: order.field.location)
            }
            if !isOrderable(field.type, allowBool: true) {
                diagnostics.error(.operatorNotApplicable, "cannot order by '\(order.field.value)' of type '\(field.type)'", at: order.field.location)
            }
        }
        if case .fixed(let count) = query.limit, count.value > Int(Int32.max) {
            diagnostics.error(.queryLimitExceeded, "limit \(count.value) is above Firestore's largest, \(Int32.max)", at: count.location)
        }
        if case .parameter(let name) = query.limit, let parameter = lookup(name) {
            if parameter.type.value != .builtin(.int) {
                diagnostics.error(.operandTypeMismatch, "limit parameter '$\(name.value)' must be 'int', not '\(parameter.type.value)'", at: name.location)
            } else {
                // The generator keeps the parameter when a filter uses it too, and drops it otherwise.
                let filtered = query.filters.contains { if case .parameter(let used) = $0.operand { used.value == name.value } else { false } }
                let consequence = filtered
                    ? "'\(name.value)' stays a parameter for its filter but no longer limits pages, which hold at most 1000"
                    : "the method has no '\(name.value)' parameter and a page holds at most 1000"
                diagnostics.warning(.limitParameter,
                                    "query '\(query.info.name)' takes its limit as '$\(name.value)', but every page of a named query takes 'limit:'; \(consequence)",
                                    at: name.location, suggestion: "write the most a page may hold, as in 'limit: 50', or leave 'limit' out")
            }
        }
        for parameter in query.parameters where !used.contains(parameter.name.value) {
            diagnostics.error(.unusedParameter, "parameter '\(parameter.name.value)' of query '\(query.info.name)' is never used",
                              at: parameter.name.location, suggestion: "use it as '$\(parameter.name.value)' or remove it")
        }
    }

    /// The field at `path`, or nil after a diagnostic (or when its field's error is reported already).
    mutating func resolveFieldPath(_ path: Located<String>, in model: ModelDecl) -> ResolvedFieldPath? {
        switch schema.resolveFieldPath(path.value, in: model) {
        case .success(let resolved) where resolved.type == .builtin(.id):
            // The ID is the document's name, not a stored field: a filter or order on the key
            // `id` would match nothing.
            diagnostics.error(.unknownQueryField, "'\(path.value)' is the document ID, which is the document's name rather than a stored field; named queries cannot filter or order by it yet",
                              at: path.location, suggestion: "read documents by ID with the repository's get(id) or get([ids])")
            return nil
        case .success(let resolved):
            return isResolvable(resolved.type) ? resolved : nil  // its type's error is reported already
        case .failure(let failure):
            if failure.isReportedAlready { return nil }
            let message = failure.component.isEmpty
                ? "field path '\(path.value)' has an empty part"
                : failure.component == path.value
                ? "model '\(model.info.name)' has no field '\(path.value)'"
                : "field path '\(path.value)' does not resolve at '\(failure.component)'"
            diagnostics.error(.unknownQueryField, message, at: path.location,
                              suggestion: Suggestion.didYouMean(failure.component, in: failure.candidates))
            return nil
        }
    }

    /// Whether every name in `type` is a declared enum or embedded type.
    func isResolvable(_ type: FieldType) -> Bool {
        type.namedTypes.allSatisfy {
            switch schema.lookup($0) {
            case .enumType?, .embedded?: true
            default: false
            }
        }
    }

    /// The type the operand of `op` must have, or nil (after a diagnostic) when `op` does not apply.
    private mutating func operandType(for op: QueryDecl.Operator, field: ResolvedFieldPath, at path: Located<String>) -> FieldType? {
        let type = field.type
        guard let operand = op.operandType(forFieldOf: type) else {
            if op == .in || op == .notIn {
                diagnostics.error(.operatorNotApplicable, "'\(op.rawValue)' on list field '\(path.value)' compares whole lists",
                                  at: path.location, suggestion: op == .in ? "did you mean 'contains_any'?" : nil)
            } else {
                diagnostics.error(.operatorNotApplicable, "'\(op.rawValue)' needs a list field, but '\(path.value)' is '\(type)'",
                                  at: path.location, suggestion: op == .contains ? "did you mean 'eq'?" : "did you mean 'in'?")
            }
            return nil
        }
        if op.isRange, !isOrderable(type, allowBool: false) {
            diagnostics.error(.operatorNotApplicable, "'\(op.rawValue)' compares by order, which field '\(path.value)' of type '\(type)' does not have",
                              at: path.location)
            return nil
        }
        return operand
    }

    private func isOrderable(_ type: FieldType, allowBool: Bool) -> Bool {
        switch type {
        case .builtin(let builtin): builtin.isOrderable || (allowBool && builtin == .bool)
        case .reference: true
        case .named(let name): if case .enumType? = schema.lookup(name) { true } else { false }
        case .array, .map: false
        }
    }

    /// `id` fields take `string` or `id` parameters; otherwise the types must match.
    private func parameterFits(_ parameter: FieldType, _ expected: FieldType) -> Bool {
        switch (parameter, expected) {
        case (.builtin(.string), .builtin(.id)), (.builtin(.id), .builtin(.id)): true
        case (.array(let a), .array(let b)): parameterFits(a, b)
        default: parameter == expected
        }
    }

    private mutating func checkLiteral(_ value: Located<ConstantValue>, expected: FieldType, filter: QueryDecl.Filter,
                                       field: ResolvedFieldPath) {
        if value.value == .null {
            if !(filter.op == .eq || filter.op == .ne) || !field.isNullable {
                diagnostics.error(.operandTypeMismatch, "'null' only compares with 'eq' or 'ne' on a nullable field", at: value.location)
            }
            return
        }
        if case .array(let items) = value.value, filter.op == .in || filter.op == .notIn || filter.op == .containsAny {
            let maximum = filter.op == .notIn ? Self.maximumNotInValues : Self.maximumInValues
            if items.isEmpty {
                diagnostics.error(.queryLimitExceeded, "'\(filter.op.rawValue)' needs at least one value", at: value.location)
            } else if items.count > maximum {
                diagnostics.error(.queryLimitExceeded, "'\(filter.op.rawValue)' takes at most \(maximum) values, not \(items.count)",
                                  at: value.location)
            }
        }
        let checkable: FieldType = expected.replacingID
        var checker = ValueChecker(schema: schema, code: .operandTypeMismatch, constraintCode: .operandTypeMismatch)
        checker.check(value, against: checkable, constraints: nil, what: "value of '\(filter.field.value)' \(filter.op.rawValue)")
        diagnostics.append(contentsOf: checker.diagnostics.all)
    }

    /// Firestore's rules on combining operators in one query (as its client SDKs check them):
    /// one `contains` or `contains_any` at most; one `not_in` at most, and never together with
    /// `ne`, `in` or `contains_any`.
    private mutating func checkCombinations(_ counts: [QueryDecl.Operator: [SourceLocation]], query: QueryDecl) {
        let membership = ((counts[.contains] ?? []) + (counts[.containsAny] ?? [])).sorted()
        if membership.count > 1 {
            diagnostics.error(.incompatibleFilters, "query '\(query.info.name)' has more than one 'contains' or 'contains_any' filter; Firestore allows one",
                              at: membership[1])
        }
        let notIn = (counts[.notIn] ?? []).sorted()
        if notIn.count > 1 {
            diagnostics.error(.incompatibleFilters, "query '\(query.info.name)' has more than one 'not_in' filter; Firestore allows one", at: notIn[1])
        }
        // Found by the soundness check: the server refused two not-equal filters (`ne: null` is
        // IS_NOT_NULL, which counts too) that the validator let through.
        let notEqual = (counts[.ne] ?? []).sorted()
        if notEqual.count > 1 {
            diagnostics.error(.incompatibleFilters, "query '\(query.info.name)' has more than one 'ne' filter; Firestore allows one not-equal filter a query",
                              at: notEqual[1])
        }
        guard let first = notIn.first else { return }
        let others = [QueryDecl.Operator.ne, .in, .containsAny].filter { !(counts[$0] ?? []).isEmpty }.map { "'\($0.rawValue)'" }
        if !others.isEmpty {
            diagnostics.error(.incompatibleFilters, "query '\(query.info.name)' combines 'not_in' with \(others.joined(separator: " and ")), which Firestore rejects",
                              at: first)
        }
    }
}

extension FieldType {
    /// `id` written as a literal is a string.
    var replacingID: FieldType {
        switch self {
        case .builtin(.id): .builtin(.string)
        case .array(let element): .array(element.replacingID)
        default: self
        }
    }
}
