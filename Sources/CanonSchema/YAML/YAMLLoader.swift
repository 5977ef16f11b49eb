import CYAML

/// Loads one YAML document into ``YAMLNode``s with libyaml's event API, keeping the line and
/// column of every node and enforcing ``YAMLLimits``.
///
/// Anything the schema language does not use is rejected with a located diagnostic: duplicate
/// or non-string keys, tags other than YAML's core ones, merge keys, several documents in one
/// file, invalid UTF-8, and alias expansion beyond the budget.
public struct YAMLLoader: Sendable {
    /// The bounds enforced while loading.
    public var limits: YAMLLimits

    /// Creates a loader.
    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// The outcome of loading one file.
    public struct Result: Sendable {
        /// The document's root, or nil when the file could not be read as YAML.
        public var root: YAMLNode?
        /// What went wrong, in the order found.
        public var diagnostics: [Diagnostic]
    }

    /// Loads `bytes`, reporting locations in `file`.
    public func load(_ bytes: [UInt8], file: String) -> Result {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if bytes.count > limits.maxFileBytes {
            return Result(root: nil, diagnostics: [
                .error(.fileTooLarge,
                       "file is \(bytes.count) bytes; schema files may be at most \(limits.maxFileBytes) bytes",
                       at: start),
            ])
        }
        return bytes.withUnsafeBufferPointer { buffer in
            if let offset = firstInvalidUTF8Offset(buffer) {
                let position = lineAndColumn(ofByteOffset: offset, in: buffer)
                let byte = String(buffer[offset], radix: 16, uppercase: true)
                return Result(root: nil, diagnostics: [
                    .error(.invalidUTF8, "invalid UTF-8 byte 0x\(byte); schema files must be UTF-8",
                           at: SourceLocation(file: file, line: position.line, column: position.column)),
                ])
            }
            var builder = TreeBuilder(file: file, limits: limits, buffer: buffer)
            return builder.run()
        }
    }
}

/// Turns libyaml's event stream into a node tree.
private struct TreeBuilder {
    /// A collection being built. A class, so appending to the top frame never copies its items.
    final class Frame {
        let location: SourceLocation
        let anchor: String?
        let isMapping: Bool
        var items: [YAMLNode] = []
        var entries: [YAMLMappingEntry] = []
        var pendingKey: Located<String>?
        var skipValue = false
        var droppedEntries = false
        var seen: [String: SourceLocation] = [:]

        init(location: SourceLocation, anchor: String?, isMapping: Bool) {
            self.location = location
            self.anchor = anchor
            self.isMapping = isMapping
        }
    }

    let file: String
    let limits: YAMLLimits
    let buffer: UnsafeBufferPointer<UInt8>
    var stack: [Frame] = []
    var root: YAMLNode?
    var diagnostics: [Diagnostic] = []
    var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    var aliasExpansion = 0
    var documents = 0
    var failed = false

    init(file: String, limits: YAMLLimits, buffer: UnsafeBufferPointer<UInt8>) {
        self.file = file
        self.limits = limits
        self.buffer = buffer
    }

    mutating func run() -> YAMLLoader.Result {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return .init(root: nil, diagnostics: [.error(.yamlSyntax, "libyaml could not start", at: location(line: 0, column: 0))])
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)

        parsing: while !failed {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                report(parserError: parser)
                break
            }
            defer { yaml_event_delete(&event) }
            let at = location(event.start_mark)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                break parsing
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    fail(.unsupportedYAML, "a schema file holds one YAML document; found a second one", at: at)
                }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = string(scalar.value, length: scalar.length)
                var style: YAMLScalar.Style = scalar.style == YAML_PLAIN_SCALAR_STYLE ? .plain : .string
                if let tag = checkedTag(scalar.tag, at: at) {
                    style = scalarStyle(text: text, tag: tag, default: style, at: at)
                }
                let quoted = scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE || scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
                let node = YAMLNode(.scalar(YAMLScalar(text: text, style: style, contentOffset: quoted ? 1 : 0)), at: at)
                register(anchor: scalar.anchor, node: node)
                add(node)
            case YAML_SEQUENCE_START_EVENT:
                _ = checkedTag(event.data.sequence_start.tag, at: at)
                push(Frame(location: at, anchor: optionalString(event.data.sequence_start.anchor), isMapping: false))
            case YAML_MAPPING_START_EVENT:
                _ = checkedTag(event.data.mapping_start.tag, at: at)
                push(Frame(location: at, anchor: optionalString(event.data.mapping_start.anchor), isMapping: true))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                popAndAdd()
            case YAML_ALIAS_EVENT:
                let name = string(event.data.alias.anchor)
                guard let anchored = anchors[name] else {
                    fail(.yamlSyntax, "alias '*\(name)' refers to no anchor defined before it", at: at)
                    break
                }
                aliasExpansion += anchored.size
                if aliasExpansion > limits.maxAliasExpansion {
                    fail(.yamlLimitExceeded,
                         "aliases expand to more than \(limits.maxAliasExpansion) nodes; refusing to load the file",
                         at: at)
                    break
                }
                var node = anchored.node
                node.location = at
                add(node)
            default:
                break
            }
        }
        return .init(root: failed ? nil : root, diagnostics: diagnostics)
    }

    // MARK: Tree building

    mutating func push(_ frame: Frame) {
        if stack.count >= limits.maxDepth {
            fail(.yamlLimitExceeded, "collections nest more than \(limits.maxDepth) levels deep", at: frame.location)
            return
        }
        stack.append(frame)
    }

    mutating func popAndAdd() {
        guard let frame = stack.popLast() else { return }
        let node = frame.isMapping
            ? YAMLNode(.mapping(frame.entries), at: frame.location, droppedEntries: frame.droppedEntries)
            : YAMLNode(.sequence(frame.items), at: frame.location)
        registerNamed(frame.anchor, node: node)
        add(node)
    }

    mutating func add(_ node: YAMLNode) {
        guard let top = stack.last else {
            root = node
            return
        }
        guard top.isMapping else {
            top.items.append(node)
            return
        }
        if let key = top.pendingKey {
            top.entries.append(YAMLMappingEntry(key: key, value: node))
            top.pendingKey = nil
        } else if top.skipValue {
            top.skipValue = false
        } else {
            top.pendingKey = acceptKey(node, entries: top.entries, seen: &top.seen)
            top.skipValue = top.pendingKey == nil
            top.droppedEntries = top.droppedEntries || top.skipValue
        }
    }

    func firstLocation(of key: String, in entries: [YAMLMappingEntry], seen: [String: SourceLocation]) -> SourceLocation? {
        if entries.count >= 16 { return seen[key] }
        return entries.first { $0.key.value == key }?.key.location
    }

    /// Checks a mapping key: a string, not seen before in the same mapping, not a merge key.
    mutating func acceptKey(_ node: YAMLNode, entries: [YAMLMappingEntry], seen: inout [String: SourceLocation]) -> Located<String>? {
        guard let scalar = node.scalar else {
            diagnostics.append(.error(.nonStringKey, "a mapping key must be a string, not \(node.kindDescription)",
                                      at: node.location))
            return nil
        }
        if scalar.style == .plain {
            if scalar.text == "<<" {
                diagnostics.append(.error(.unsupportedYAML, "merge keys ('<<') are not supported; write the keys out",
                                          at: node.location))
                return nil
            }
            let resolved = scalar.resolved
            guard case .string = resolved else {
                diagnostics.append(.error(.nonStringKey,
                                          "mapping key '\(scalar.text)' reads as \(resolved.kindDescription), not a string",
                                          at: node.location, suggestion: "quote it if it is meant as text"))
                return nil
            }
        }
        if let first = firstLocation(of: scalar.text, in: entries, seen: seen) {
            diagnostics.append(.error(.duplicateKey, "duplicate key '\(scalar.text)'", at: node.location,
                                      notes: [.init(message: "'\(scalar.text)' first appears here", location: first)]))
            return nil
        }
        // Small mappings are searched linearly; large ones get an index.
        if entries.count >= 16 {
            if seen.isEmpty { for entry in entries { seen[entry.key.value] = entry.key.location } }
            seen[scalar.text] = node.location
        }
        return Located(scalar.text, at: node.location)
    }

    mutating func register(anchor: UnsafeMutablePointer<yaml_char_t>?, node: YAMLNode) {
        registerNamed(optionalString(anchor), node: node)
    }

    /// Remembers an anchored node with what it costs each time an alias repeats it.
    mutating func registerNamed(_ anchor: String?, node: YAMLNode) {
        guard let anchor else { return }
        anchors[anchor] = (node, Self.count(node))
    }

    static func count(_ node: YAMLNode) -> Int {
        switch node.content {
        case .scalar: 1
        case .sequence(let items): 1 + items.reduce(0) { $0 + count($1) }
        case .mapping(let entries): 1 + entries.reduce(0) { $0 + 1 + count($1.value) }
        }
    }

    // MARK: Tags

    /// Accepts no tag, the non-specific `!`, and the YAML core schema's tags.
    mutating func checkedTag(_ pointer: UnsafeMutablePointer<yaml_char_t>?, at location: SourceLocation) -> String? {
        guard let tag = optionalString(pointer) else { return nil }
        if tag != "!" && !Self.coreTags.contains(tag) {
            let written = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst(18) : tag
            diagnostics.append(.error(.unsupportedYAML,
                                      "unsupported YAML tag '\(written)'; schema files use only plain YAML values",
                                      at: location))
        }
        return tag
    }

    static let coreTags: Set<String> = [
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    ]

    /// How a tagged scalar resolves: `!!str` makes a string; `!!int` and its kin must match
    /// what the core schema reads from the text.
    mutating func scalarStyle(text: String, tag: String, default style: YAMLScalar.Style,
                              at location: SourceLocation) -> YAMLScalar.Style {
        let expected: String
        switch tag {
        case "tag:yaml.org,2002:str": return .string
        case "tag:yaml.org,2002:null": expected = "null"
        case "tag:yaml.org,2002:bool": expected = "a boolean"
        case "tag:yaml.org,2002:int": expected = "an integer"
        case "tag:yaml.org,2002:float": expected = "a number"
        case "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq":
            diagnostics.append(.error(.unsupportedYAML, "tag '!!\(tag.dropFirst(18))' cannot apply to a scalar", at: location))
            return style
        default: return style
        }
        var kind = YAMLScalar(text: text, style: .plain).resolved.kindDescription
        if kind == "an integer" && expected == "a number" { kind = expected }
        if kind != expected {
            diagnostics.append(.error(.unsupportedYAML, "'\(text)' is not \(expected), as its tag says", at: location))
        }
        return .plain
    }

    // MARK: Errors

    mutating func fail(_ code: DiagnosticCode, _ message: String, at location: SourceLocation) {
        diagnostics.append(.error(code, message, at: location))
        failed = true
    }

    mutating func report(parserError parser: yaml_parser_t) {
        let problem = optionalString(parser.problem) ?? "malformed YAML"
        let at: SourceLocation
        if parser.error == YAML_READER_ERROR {
            let position = lineAndColumn(ofByteOffset: Int(parser.problem_offset), in: buffer)
            at = SourceLocation(file: file, line: position.line, column: position.column)
        } else {
            at = location(parser.problem_mark)
        }
        var message = problem
        if let context = optionalString(parser.context) {
            let contextAt = location(parser.context_mark)
            message += " \(context) started at line \(contextAt.line), column \(contextAt.column)"
        }
        fail(.yamlSyntax, message, at: at)
    }

    // MARK: Conversions

    func location(_ mark: yaml_mark_t) -> SourceLocation {
        location(line: Int(mark.line), column: Int(mark.column))
    }

    func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line + 1, column: column + 1)
    }

    func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int) -> String {
        guard let pointer else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    func optionalString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    func optionalString(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
