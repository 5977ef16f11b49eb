import CanonSchema

/// Renders ``SwiftFile``s as text: the one place where generated code becomes characters.
///
/// Output is deterministic: the same structure always renders to the same bytes, with four
/// spaces of indentation and `\n` line ends.
struct SwiftRenderer {
    private var output = TextBuffer()
    private var depth = 0
    private static let indentation = (0..<32).map { String(repeating: "    ", count: $0) }

    /// Renders a whole file.
    static func render(_ file: SwiftFile) -> String {
        // Each top-level declaration renders on its own, so large files render in parallel.
        render(file, parts: file.declarations.parallelMap(part))
    }

    /// Renders a file's header and imports, then its declarations as rendered apart by
    /// ``part(_:)``.
    static func render(_ file: SwiftFile, parts: [[UInt8]]) -> String {
        var renderer = SwiftRenderer()
        renderer.output.bytes.reserveCapacity(parts.reduce(1 << 12) { $0 + $1.count })
        for line in file.header { renderer.emit(line.isEmpty ? "//" : "// \(line)") }
        if !file.header.isEmpty { renderer.emit("") }
        for module in file.imports { renderer.emit((module.spi.map { "@_spi(\($0)) " } ?? "") + "import \(module.module)") }
        for part in parts { renderer.output.bytes += part }
        return renderer.output.string
    }

    /// One top-level declaration with the blank line before it.
    static func part(_ declaration: Declaration) -> [UInt8] {
        var part = SwiftRenderer()
        part.emit("")
        part.render(declaration)
        return part.output.bytes
    }

    private mutating func emit(_ line: String) {
        if !line.isEmpty { output += depth < Self.indentation.count ? Self.indentation[depth] : String(repeating: "    ", count: depth) }
        output += line
        output += "\n"
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
            // A line break inside a line (a storage key or raw value quoted in the text) would end
            // the comment and leave the rest as code.
            for line in documentation.lines.flatMap({ $0.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) }) {
                emit(line.isEmpty ? "///" : "/// \(line)")
            }
            render(inner)
        case .structure(let decl):
            attributes(decl.attributes)
            renderTypeBody("\(access(decl.access))struct \(decl.name)\(conformances(decl.conformances))", decl.members)
        case .enumeration(let decl):
            attributes(decl.attributes)
            renderTypeBody("\(access(decl.access))enum \(decl.name)\(conformances(decl.conformances))", decl.members)
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
        case .extensionDecl(let decl):
            attributes(decl.attributes)
            renderTypeBody("extension \(decl.extendedType)\(conformances(decl.conformances))\(decl.whereClause.map { " where \($0)" } ?? "")", decl.members)
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

    /// Blank lines between members, except between undocumented consecutive enum cases and
    /// stored properties.
    private func needsBlankLine(between previous: Declaration, and next: Declaration) -> Bool {
        switch (previous, next) {
        case (.enumCase, .enumCase): false
        case (.variable(let a), .variable(let b)): !(a.isCompact && b.isCompact)
        default: true
        }
    }

    private mutating func renderVariable(_ decl: VariableDeclaration) {
        attributes(decl.attributes)
        var text = "\(access(decl.access))\(decl.isStatic ? "static " : "")\(decl.kind.rawValue) \(decl.name)"
        if let type = decl.type { text += ": \(type)" }
        guard let getter = decl.getter else {
            beginLine()
            output += text
            if let value = decl.value {
                output += " = "
                write(value)
            }
            endLine()
            return
        }
        if decl.isCompact, case .expression(let value) = getter[0] {
            emit("\(text) { \(Self.expression(value)) }")  // a one-expression getter on one line
        } else if let setter = decl.setter {
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
        text += decl.name.map { "func \($0)" } ?? (decl.isFailable ? "init?" : "init")
        if let name = decl.name, let first = name.unicodeScalars.first, !(first == "_" || first.properties.isAlphabetic) { text += " " }  // `func == (`
        let parameters = decl.parameters.map { parameter -> String in
            var item = parameter.label.map { "\($0) \(parameter.name)" } ?? parameter.name
            item += parameter.isInout ? ": inout \(parameter.type)" : ": \(parameter.type)"
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

    /// Starts a line at the current indentation; code is then written straight into the output.
    private mutating func beginLine() {
        output += depth < Self.indentation.count ? Self.indentation[depth] : String(repeating: "    ", count: depth)
    }

    private mutating func endLine() { output += "\n" }

    private mutating func codeBlock(_ item: CodeBlock) {
        switch item {
        case .expression(let expression):
            beginLine()
            write(expression)
            endLine()
        case .binding(let kind, let name, let type, let value):
            beginLine()
            output += kind.rawValue
            output += " "
            output += name
            if let type { output += ": \(type)" }
            if let value {
                output += " = "
                write(value)
            }
            endLine()
        case .assignment(let target, let value):
            beginLine()
            write(target)
            output += " = "
            write(value)
            endLine()
        case .returnStatement(let value):
            beginLine()
            output += "return"
            if let value {
                output += " "
                write(value)
            }
            endLine()
        case .throwStatement(let value):
            beginLine()
            output += "throw "
            write(value)
            endLine()
        case .ifLet(let name, let value, let then, let otherwise):
            beginLine()
            output += "if let \(name) = "
            write(value)
            conditionalBody(then, otherwise)
        case .switchStatement(let subject, let cases):
            beginLine()
            output += "switch "
            write(subject)
            output += " {\n"
            for item in cases {
                beginLine()
                if item.patterns.isEmpty {
                    output += "default:"
                } else {
                    output += "case "
                    writeList(item.patterns)
                    output += ":"
                }
                endLine()
                depth += 1
                codeBlocks(item.body)
                depth -= 1
            }
            emit("}")
        }
    }

    private mutating func conditionalBody(_ then: [CodeBlock], _ otherwise: [CodeBlock]?) {
        output += " {\n"
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

    /// An expression as text.
    static func expression(_ expression: Expression) -> String {
        var renderer = SwiftRenderer()
        renderer.write(expression)
        return renderer.output.string
    }

    /// A literal as text.
    static func literal(_ literal: Literal) -> String {
        expression(.literal(literal))
    }

    private mutating func writeList(_ items: [Expression]) {
        for (index, item) in items.enumerated() {
            if index > 0 { output += ", " }
            write(item)
        }
    }

    private mutating func write(_ expression: Expression) {
        switch expression {
        case .identifier(let name):
            output += name
        case .literal(let literal):
            write(literal)
        case .member(let base, let name):
            if let base { write(base) }
            output += "."
            output += name
        case .call(let callee, let arguments):
            write(callee)
            output += "("
            for (index, argument) in arguments.enumerated() {
                if index > 0 { output += ", " }
                if let label = argument.label {
                    output += label
                    output += ": "
                }
                write(argument.value)
            }
            output += ")"
        case .tryExpression(let inner, let optional):
            output += optional ? "try? " : "try "
            write(inner)
        case .awaitExpression(let inner):
            output += "await "
            write(inner)
        case .keyPath(let root, let path):
            output += "\\"
            if let root { output += root.description }
            for component in path {
                output += "."
                output += component
            }
        case .binary(let lhs, let op, let rhs):
            write(lhs)
            output += " "
            output += op
            output += " "
            write(rhs)
        case .metatype(let type):
            output += type.description
            output += ".self"
        case .forceUnwrap(let inner):
            write(inner)
            output += "!"
        case .optionalChain(let inner):
            write(inner)
            output += "?"
        case .inoutArgument(let name):
            output += "&"
            output += name
        case .trailingClosure(let callee, let parameters, let body):
            write(callee)
            output += " {"
            if !parameters.isEmpty { output += " \(parameters.joined(separator: ", ")) in" }
            output += "\n"
            depth += 1
            codeBlocks(body)
            depth -= 1
            beginLine()
            output += "}"
        }
    }

    private mutating func write(_ literal: Literal) {
        switch literal {
        case .string(let text): output += Self.stringLiteral(text)
        case .int(let value): output += String(value)
        case .double(let text): output += text
        case .bool(let value): output += value ? "true" : "false"
        case .nil: output += "nil"
        case .array(let items):
            output += "["
            writeList(items)
            output += "]"
        case .dictionary(let entries):
            guard !entries.isEmpty else {
                output += "[:]"
                return
            }
            output += "["
            for (index, entry) in entries.enumerated() {
                if index > 0 { output += ", " }
                write(entry.key)
                output += ": "
                write(entry.value)
            }
            output += "]"
        }
    }

    /// A Swift string literal with every character that needs it escaped.
    static func stringLiteral(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) { return "\"" + text + "\"" }
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


/// UTF-8 bytes under construction: appending a string copies its bytes, without the
/// bookkeeping of growing a `String` one small piece at a time.
struct TextBuffer {
    var bytes: [UInt8] = []

    static func += (buffer: inout TextBuffer, text: String) {
        buffer.bytes.append(contentsOf: text.utf8)
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
