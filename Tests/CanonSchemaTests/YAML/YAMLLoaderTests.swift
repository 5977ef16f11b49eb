import Testing
@testable import CanonSchema

@Suite("YAML loader")
struct YAMLLoaderTests {
    @Test("keeps the line and column of every node")
    func positions() throws {
        let result = TestSupport.yaml("""
            schema: 1
            models:
              Casefile:
                fields: {title: string, tags: "[string]"}
            list:
              - a
              -   b
            """)
        #expect(result.diagnostics.isEmpty)
        let root = try #require(result.root)
        #expect(root.location == SourceLocation(file: "test.yaml", line: 1, column: 1))
        let models = try #require(root["models"])
        let entry = try #require(models.mappingEntries?.first)
        #expect(entry.key.location.line == 3 && entry.key.location.column == 3)
        let tags = try #require(entry.value["fields"]?["tags"])
        #expect(tags.location == SourceLocation(file: "test.yaml", line: 4, column: 35))
        let items = try #require(root["list"]?.sequenceItems)
        #expect(items.map(\.location.column) == [5, 7])
        #expect(items.map(\.location.line) == [6, 7])
    }

    @Test("counts columns in characters, not bytes")
    func unicodeColumns() throws {
        let result = TestSupport.yaml("doc: \"é—ß\"\nx: [1, 2]\nname: ééé x")
        let root = try #require(result.root)
        #expect(root["x"]?.location.column == 4)
        #expect(root["name"]?.scalar?.text == "ééé x")
    }

    @Test("rejects duplicate keys, pointing at the second and noting the first")
    func duplicateKeys() throws {
        let result = TestSupport.yaml("a: 1\nb: 2\na: 3\n")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(diagnostic.code == .duplicateKey)
        #expect(diagnostic.location.line == 3 && diagnostic.location.column == 1)
        #expect(diagnostic.notes.first?.location.line == 1)
        // The first value is kept.
        #expect(result.root?["a"]?.scalar?.text == "1")
    }

    @Test("rejects keys that are not strings", arguments: ["1: x", "true: x", "null: x", "[a, b]: x", "{a: 1}: x", "1.5: x"])
    func nonStringKeys(text: String) {
        let result = TestSupport.yaml(text)
        #expect(result.diagnostics.map(\.code) == [.nonStringKey])
    }

    @Test("accepts quoted keys that look like other types")
    func quotedKeys() {
        let result = TestSupport.yaml("'1': x\n\"true\": y")
        #expect(result.diagnostics.isEmpty)
        #expect(result.root?["1"]?.scalar?.text == "x")
    }

    @Test("stops billion-laughs alias expansion")
    func aliasBudget() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let result = TestSupport.yaml(text)
        #expect(result.root == nil)
        #expect(result.diagnostics.map(\.code) == [.yamlLimitExceeded])
    }

    @Test("allows modest aliases and shares their content")
    func aliasesWithinBudget() throws {
        let result = TestSupport.yaml("base: &b {type: string, max_length: 10}\nother: *b\n")
        #expect(result.diagnostics.isEmpty)
        let other = try #require(result.root?["other"])
        #expect(other["max_length"]?.scalar?.text == "10")
        #expect(other.location.line == 2)
    }

    @Test("reports an alias to an undefined anchor")
    func undefinedAlias() {
        let result = TestSupport.yaml("a: *nope\n")
        #expect(result.diagnostics.map(\.code) == [.yamlSyntax])
    }

    @Test("rejects files over the size bound")
    func sizeBound() {
        let limits = YAMLLimits(maxFileBytes: 16, maxAliasExpansion: 10, maxDepth: 8)
        let result = TestSupport.yaml("schema: 1\nmodels: {}\n", limits: limits)
        #expect(result.diagnostics.map(\.code) == [.fileTooLarge])
        #expect(result.root == nil)
    }

    @Test("rejects deep nesting")
    func depthBound() {
        let limits = YAMLLimits(maxFileBytes: 1 << 20, maxAliasExpansion: 10, maxDepth: 8)
        let result = TestSupport.yaml(String(repeating: "[", count: 20) + String(repeating: "]", count: 20), limits: limits)
        #expect(result.diagnostics.map(\.code) == [.yamlLimitExceeded])
    }

    @Test("locates invalid UTF-8")
    func invalidUTF8() throws {
        var bytes = Array("schema: 1\ndoc: ab".utf8)
        bytes += [0xC3, 0x28]  // a lead byte followed by a non-continuation byte
        let result = YAMLLoader().load(bytes, file: "bad.yaml")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.code == .invalidUTF8)
        #expect(diagnostic.location.line == 2 && diagnostic.location.column == 8)
    }

    @Test("rejects overlong encodings and surrogates", arguments: [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]])
    func malformedSequences(bytes: [UInt8]) {
        #expect(YAMLLoader().load(Array("a: ".utf8) + bytes, file: "x").diagnostics.map(\.code) == [.invalidUTF8])
    }

    @Test("rejects tags beyond YAML's core schema")
    func tags() {
        #expect(TestSupport.yaml("a: !custom x").diagnostics.map(\.code) == [.unsupportedYAML])
        #expect(TestSupport.yaml("a: !!python/object x").diagnostics.map(\.code) == [.unsupportedYAML])
        #expect(TestSupport.yaml("a: !!str 1\nb: !!int 2\nc: !!map {}").diagnostics.isEmpty)
        #expect(TestSupport.yaml("a: !!int abc").diagnostics.map(\.code) == [.unsupportedYAML])
    }

    @Test("a core tag decides how a scalar resolves")
    func tagResolution() throws {
        let root = try #require(TestSupport.yaml("a: !!str 1\nb: 1").root)
        #expect(root["a"]?.constant == .string("1"))
        #expect(root["b"]?.constant == .int(1))
    }

    @Test("rejects a second document and merge keys")
    func unsupportedFeatures() {
        #expect(TestSupport.yaml("a: 1\n---\nb: 2\n").diagnostics.map(\.code) == [.unsupportedYAML])
        #expect(TestSupport.yaml("base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n").diagnostics.map(\.code) == [.unsupportedYAML])
    }

    @Test("reports libyaml's syntax errors with a position")
    func syntaxError() throws {
        let result = TestSupport.yaml("a: [1, 2\nb: 3\n")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.code == .yamlSyntax)
        #expect(diagnostic.location.line == 2)
        #expect(diagnostic.message.contains("flow sequence"))
    }
}
