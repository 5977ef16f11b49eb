/// Renders ``SwiftFile``s as text: the one place where generated code becomes characters.
///
/// Output is deterministic: the same structure always renders to the same bytes, with four
/// spaces of indentation and `\n` line ends.
struct SwiftRenderer {
    private var lines: [String] = []
    private var depth = 0

    /// Renders a whole file.
    static func render(_ file: SwiftFile) -> String {
        var renderer = SwiftRenderer()
        for line in file.header { renderer.emit(line.isEmpty ? "//" : "// \(line)") }
        if !file.header.isEmpty { renderer.emit("") }
        for module in file.imports {
            let attributes = module.attributes.map { $0 + " " }.joined()
            renderer.emit("\(attributes)\(module.accessLevel.map { $0.rawValue + " " } ?? "")import \(module.module)")
        }
        for declaration in file.declarations {
            renderer.emit("")
            renderer.render(declaration)
        }
        return renderer.lines.joined(separator: "\n") + "\n"
    }

    private mutating func emit(_ line: String) {
        lines.append(line.isEmpty ? "" : String(repeating: "    ", count: depth) + line)
    }

    private mutating func block(_ opening: String, _ body: (inout SwiftRenderer) -> Void) {
        emit(opening + " {")
        depth += 1
        body(&self)
        depth -= 1
        emit("}")
    }

    // MARK: Declarations

    private mutating func render(_ declaration: Declaration) {
        switch declaration {
        case .documented(let documentation, let inner):
            for line in documentation.lines { emit(line.isEmpty ? "///" : "/// \(line)") }
            render(inner)
        case .structure(let decl):
            attributes(decl.attributes)
            renderTypeBody("\(access(decl.access))struct \(decl.name)\(conformances(decl.conformances))", decl.members)
        case .enumeration(let decl):
            attributes(decl.attributes)
            renderTypeBody("\(access(decl.access))enum \(decl.name)\(conformances(decl.conformances))", decl.members)
        case .extensionOf(let decl):
            attributes(decl.attributes)
            renderTypeBody("\(access(decl.access))extension \(decl.extendedType)\(conformances(decl.conformances))", decl.members)
        case .enumCase(let decl):
            attributes(decl.attributes)
            var text = "case \(decl.name)"
            if !decl.associatedTypes.isEmpty { text += "(\(decl.associatedTypes.map(\.description).joined(separator: ", ")))" }
            if let raw = decl.rawValue { text += " = \(Self.literal(raw))" }
            emit(text)
        case .variable(let decl):
            renderVariable(decl)
        case .function(let decl):
            renderFunction(decl)
        case .typeAlias(let accessLevel, let name, let type):
            emit("\(access(accessLevel))typealias \(name) = \(type)")
        }
    }

    private mutating func renderTypeBody(_ opening: String, _ members: [Declaration]) {
        guard !members.isEmpty else {
            emit(opening + " {}")
            return
        }
        block(opening) { renderer in
            for (index, member) in members.enumerated() {
                if index > 0 && renderer.needsBlankLine(between: members[index - 1], and: member) { renderer.emit("") }
                renderer.render(member)
            }
        }
    }

    /// Blank lines between members, except between consecutive enum cases and stored properties.
    private func needsBlankLine(between previous: Declaration, and next: Declaration) -> Bool {
        switch (previous.stripped, next.stripped) {
        case (.enumCase, .enumCase): previous.isDocumented || next.isDocumented
        case (.variable(let a), .variable(let b)) where a.getter == nil && b.getter == nil: previous.isDocumented || next.isDocumented
        default: true
        }
    }

    private mutating func renderVariable(_ decl: VariableDeclaration) {
        attributes(decl.attributes)
        var text = "\(access(decl.access))\(decl.isStatic ? "static " : "")\(decl.kind.rawValue) \(decl.name)"
        if let type = decl.type { text += ": \(type)" }
        if let value = decl.value { text += " = \(Self.expression(value))" }
        guard let getter = decl.getter else {
            emit(text)
            return
        }
        if let setter = decl.setter {
            block(text) { renderer in
                renderer.block("get") { $0.codeBlocks(getter) }
                renderer.block("set") { $0.codeBlocks(setter) }
            }
        } else {
            block(text) { $0.codeBlocks(getter) }
        }
    }

    private mutating func renderFunction(_ decl: FunctionDeclaration) {
        attributes(decl.attributes)
        var text = access(decl.access)
        if decl.isStatic { text += "static " }
        if decl.isMutating { text += "mutating " }
        text += decl.name.map { "func \($0)" } ?? (decl.isFailable ? "init?" : "init")
        let parameters = decl.parameters.map { parameter -> String in
            var item = parameter.label.map { "\($0) \(parameter.name)" } ?? parameter.name
            item += ": \(parameter.type)"
            if let value = parameter.defaultValue { item += " = \(Self.expression(value))" }
            return item
        }
        text += "(\(parameters.joined(separator: ", ")))"
        if decl.isAsync { text += " async" }
        switch decl.throwsType {
        case .untyped?: text += " throws"
        case .typed(let type)?: text += " throws(\(type))"
        case nil: break
        }
        if let returnType = decl.returnType { text += " -> \(returnType)" }
        if decl.body.isEmpty {
            emit(text + " {}")
        } else {
            block(text) { $0.codeBlocks(decl.body) }
        }
    }

    private mutating func attributes(_ attributes: [String]) {
        for attribute in attributes { emit(attribute) }
    }

    private func access(_ level: AccessLevel?) -> String {
        level.map { $0.rawValue + " " } ?? ""
    }

    private func conformances(_ names: [String]) -> String {
        names.isEmpty ? "" : ": " + names.joined(separator: ", ")
    }

    // MARK: Code

    private mutating func codeBlocks(_ blocks: [CodeBlock]) {
        for item in blocks { codeBlock(item) }
    }

    private mutating func codeBlock(_ item: CodeBlock) {
        switch item {
        case .expression(let expression):
            emit(Self.expression(expression))
        case .declaration(let declaration):
            render(declaration)
        case .binding(let kind, let name, let type, let value):
            var text = "\(kind.rawValue) \(name)"
            if let type { text += ": \(type)" }
            if let value { text += " = \(Self.expression(value))" }
            emit(text)
        case .assignment(let target, let value):
            emit("\(Self.expression(target)) = \(Self.expression(value))")
        case .returnStatement(let value):
            emit(value.map { "return \(Self.expression($0))" } ?? "return")
        case .throwStatement(let value):
            emit("throw \(Self.expression(value))")
        case .ifStatement(let condition, let then, let otherwise):
            conditional("if \(Self.expression(condition))", then, otherwise)
        case .ifLet(let name, let value, let then, let otherwise):
            conditional("if let \(name) = \(Self.expression(value))", then, otherwise)
        case .switchStatement(let subject, let cases):
            emit("switch \(Self.expression(subject)) {")
            for item in cases {
                emit(item.patterns.isEmpty ? "default:" : "case \(item.patterns.map(Self.expression).joined(separator: ", ")):")
                depth += 1
                codeBlocks(item.body)
                depth -= 1
            }
            emit("}")
        }
    }

    private mutating func conditional(_ head: String, _ then: [CodeBlock], _ otherwise: [CodeBlock]?) {
        emit(head + " {")
        depth += 1
        codeBlocks(then)
        depth -= 1
        if let otherwise {
            emit("} else {")
            depth += 1
            codeBlocks(otherwise)
            depth -= 1
        }
        emit("}")
    }

    // MARK: Expressions

    static func expression(_ expression: Expression) -> String {
        switch expression {
        case .identifier(let name): name
        case .literal(let literal): Self.literal(literal)
        case .member(let base?, let name): "\(Self.expression(base)).\(name)"
        case .member(nil, let name): ".\(name)"
        case .call(let callee, let arguments):
            "\(Self.expression(callee))(\(arguments.map { ($0.label.map { "\($0): " } ?? "") + Self.expression($0.value) }.joined(separator: ", ")))"
        case .tryExpression(let inner, let optional): "try\(optional ? "?" : "") \(Self.expression(inner))"
        case .awaitExpression(let inner): "await \(Self.expression(inner))"
        case .binary(let lhs, let op, let rhs): "\(Self.expression(lhs)) \(op) \(Self.expression(rhs))"
        case .prefix(let op, let operand): "\(op)\(Self.expression(operand))"
        case .metatype(let type): "\(type).self"
        case .inOut(let inner): "&\(Self.expression(inner))"
        case .forceUnwrap(let inner): "\(Self.expression(inner))!"
        case .optionalChain(let inner): "\(Self.expression(inner))?"
        case .closure(let parameters, let body):
            parameters.isEmpty ? "{ \(Self.expression(body)) }" : "{ \(parameters.joined(separator: ", ")) in \(Self.expression(body)) }"
        }
    }

    static func literal(_ literal: Literal) -> String {
        switch literal {
        case .string(let text): stringLiteral(text)
        case .int(let value): String(value)
        case .double(let text): text
        case .bool(let value): value ? "true" : "false"
        case .nil: "nil"
        case .array(let items): "[\(items.map(expression).joined(separator: ", "))]"
        case .dictionary(let entries):
            entries.isEmpty ? "[:]" : "[\(entries.map { "\(expression($0.key)): \(expression($0.value))" }.joined(separator: ", "))]"
        }
    }

    /// A Swift string literal with every character that needs it escaped.
    static func stringLiteral(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\0": result += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension Declaration {
    /// The declaration without its documentation.
    var stripped: Declaration {
        if case .documented(_, let inner) = self { return inner.stripped }
        return self
    }

    var isDocumented: Bool {
        if case .documented = self { return true }
        return false
    }
}
