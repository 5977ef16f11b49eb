import Foundation
import Testing
@testable import CanonSchema

/// `canon breaking`'s comparison: a lock written for one schema file, read back, and compared
/// with an edited copy.
@Suite("Breaking changes against the lock")
struct BreakingChangesTests {
    static let base = """
        schema: 1
        enums:
          Status:
            values: [open, closed]
            reserved: [pending]
          Level: {raw: int, values: {low: 1, high: 2}}
        types:
          Address:
            fields:
              street: {type: string}
              zip: {type: string, optional: true}
        models:
          Person:
            reserved: [nickname]
            fields:
              id: {type: id}
              name: {type: string, min_length: 1, max_length: 100}
              age: {type: int, optional: true, min: 0, max: 150}
              status: {type: Status, default: open}
              level: {type: Level, optional: true}
              home: {type: Address, optional: true}
              note: {type: string, nullable: true, default: null}
              code: {type: string, optional: true, pattern: "[A-Z]+"}
              tags: {type: "[string]", default: [], max_items: 10}
              best_friend: {type: "ref<people>", optional: true}
          Counter:
            fields:
              subject: {type: string}
              count: {type: int}
        collections:
          people:
            model: Person
            path: people
            queries:
              byName:
                params: {name: string}
                where: {name: $name}
        redis:
          counters: {model: Counter, key: "count:{subject}", ttl: 1h}
        """

    /// The lock of `base`, as its text is read back.
    static func lock(_ text: String = base) throws -> SchemaSet {
        let schema = try #require(TestSupport.schema(text).schema, "\(TestSupport.schema(text).rendered)")
        return try SchemaLockReader().read(Array(SchemaLock.render(schema).utf8), file: "canon.lock")
    }

    /// What `canon breaking` reports for `base` edited by `edits` (each replaces every occurrence
    /// of its text).
    static func changes(_ edits: [(String, String)]) throws -> [Diagnostic] {
        var text = base
        for (old, new) in edits {
            #expect(text.contains(old), "edit target '\(old)' is not in the base schema")
            text = text.replacingOccurrences(of: old, with: new)
        }
        let loaded = TestSupport.schema(text)
        let schema = try #require(loaded.schema, "the edited schema is invalid:\n\(loaded.rendered)")
        return BreakingChanges.find(old: try lock(), new: schema)
    }

    static func codes(_ edits: [(String, String)]) throws -> [String] {
        try changes(edits).map { "\($0.severity == .error ? "" : "warning ")\($0.code.rawValue)" }
    }

    @Test("a lock reads back to the same lock, and nothing breaks against itself")
    func roundTrip() throws {
        let schema = try #require(TestSupport.schema(Self.base).schema)
        let text = SchemaLock.render(schema)
        let read = try Self.lock()
        #expect(SchemaLock.render(read) == text)
        #expect(BreakingChanges.find(old: read, new: schema).isEmpty)
        #expect(BreakingChanges.find(old: read, new: read).isEmpty)
    }

    @Test("the feature fixture and Schemas/ lock, read back and compare as unchanged")
    func everyFeature() throws {
        for schema in [try ValidFixtureTests.loadEverything(), try #require(try TestSupport.loadPackageSchemas())] {
            let text = SchemaLock.render(schema)
            let read = try SchemaLockReader().read(Array(text.utf8), file: "canon.lock")
            #expect(SchemaLock.render(read) == text)
            #expect(BreakingChanges.find(old: read, new: schema).map(\.description) == [])
        }
    }

    @Test("changes that keep stored data readable break nothing",
          arguments: [
              [("zip: {type: string, optional: true}", "zip: {type: string, optional: true}\n      city: {type: string, optional: true}")],
              [("name: {type: string, min_length: 1, max_length: 100}", "name: {type: string, max_length: 200}")],
              [("age: {type: int, optional: true, min: 0, max: 150}", "age: {type: int, optional: true, min: -1}")],
              [("values: [open, closed]", "values: [open, closed, archived]")],
              [("note: {type: string, nullable: true, default: null}", "note: {type: string, nullable: true, optional: true}")],
              [("tags: {type: \"[string]\", default: [], max_items: 10}", "tags: {type: \"[string]\", default: [\"a\"]}")],
              [("counters: {model: Counter, key: \"count:{subject}\", ttl: 1h}", "counters: {model: Counter, key: \"count:{subject}\", ttl: 2h}")],
              [("zip: {type: string, optional: true}", "zip: {type: string, optional: true, doc: Postal code.}")],
              // A stored null reads as absent in an optional field, as the default in a defaulted one.
              [("note: {type: string, nullable: true, default: null}", "note: {type: string, default: \"\"}")],
              [("note: {type: string, nullable: true, default: null}", "note: {type: string, optional: true}")],
              // Audit and server-time fields may be absent: the runtime fills them.
              [("tags: {type:", "created_at: {type: timestamp, audit: created_at}\n      seen_at: {type: timestamp, server_time: true}\n      tags: {type:")],
          ] as [[(String, String)]])
    func compatible(edits: [(String, String)]) throws {
        #expect(try Self.changes(edits).map(\.description) == [])
    }

    @Test("every change that breaks stored data is an error of its code")
    func dataBreaks() throws {
        #expect(try Self.codes([("      code: {type: string, optional: true, pattern: \"[A-Z]+\"}\n", "")]) == ["CANON110"])
        #expect(try Self.codes([("age: {type: int,", "age: {type: double,")]) == ["CANON111"])
        #expect(try Self.codes([("home: {type: Address,", "home: {type: Status,")]) == ["CANON111"])
        #expect(try Self.codes([("best_friend: {type: \"ref<people>\"", "best_friend: {type: string")]) == ["CANON111"])
        #expect(try Self.codes([("note: {type: string, nullable: true, default: null}", "note: {type: string, nullable: true, default: null, key: remark}")]) == ["CANON112"])
        #expect(try Self.codes([("age: {type: int, optional: true,", "age: {type: int,")]) == ["CANON113"])
        #expect(try Self.codes([("note: {type: string, nullable: true, default: null}", "note: {type: string}")]) == ["CANON113"])
        #expect(try Self.codes([("street: {type: string}", "street: {type: string}\n      country: {type: string}")]) == ["CANON113"])
        #expect(try Self.codes([("values: [open, closed]\n    reserved: [pending]", "values: [open]\n    reserved: [pending]")]) == ["CANON114"])
        #expect(try Self.codes([("Level: {raw: int, values: {low: 1, high: 2}}", "Level: {values: [low, high]}")]) == ["CANON114"])
        #expect(try Self.codes([("values: [open, closed]\n    reserved: [pending]", "values: [open, closed, pending]")]) == ["CANON115"])
        #expect(try Self.codes([("    reserved: [nickname]\n", ""), ("tags: {type:", "nickname: {type: string, optional: true}\n      tags: {type:")]) == ["CANON115"])
        #expect(try Self.codes([("    path: people\n", "    path: persons\n")]) == ["CANON116"])
        #expect(try Self.codes([("    path: people\n", "    path: people\n    id_strategy: uuid\n")]) == ["CANON116"])
        #expect(try Self.codes([("key: \"count:{subject}\"", "key: \"counter:{subject}\"")]) == ["CANON117"])
        #expect(try Self.codes([("min: 0, max: 150", "min: 1, max: 150")]) == ["CANON118"])
        #expect(try Self.codes([("min: 0, max: 150", "min: 0, max: 149")]) == ["CANON118"])
        #expect(try Self.codes([("max_items: 10", "max_items: 9")]) == ["CANON118"])
        #expect(try Self.codes([("pattern: \"[A-Z]+\"", "pattern: \"[A-Z]*\"")]) == ["CANON118"])
        #expect(try Self.codes([("zip: {type: string, optional: true}", "zip: {type: string, optional: true, max_length: 10}")]) == ["CANON118"])
    }

    @Test("old keys stay readable: an alias dropped is a break, and so is a new field under an old alias")
    func aliases() throws {
        let withAlias = Self.base.replacingOccurrences(of: "note: {type: string, nullable: true, default: null}",
                                                       with: "note: {type: string, nullable: true, default: null, aliases: [remark]}")
        let lock = try Self.lock(withAlias)
        let dropped = try #require(TestSupport.schema(Self.base).schema)
        #expect(BreakingChanges.find(old: lock, new: dropped).map(\.code) == [.storageKeyChanged])
        let reused = try #require(TestSupport.schema(Self.base.replacingOccurrences(of: "tags: {type:", with: "remark: {type: string, optional: true}\n      tags: {type:")).schema)
        #expect(BreakingChanges.find(old: lock, new: reused).map(\.code).sorted { $0.rawValue < $1.rawValue } == [.storageKeyChanged, .reservedValueReused])
    }

    @Test("a field whose key changed is still compared: its type too")
    func rekeyedAndRetyped() throws {
        #expect(try Self.codes([("age: {type: int, optional: true,", "age: {type: string, key: years, optional: true,"), ("min: 0, max: 150", "min_length: 1")])
            .sorted() == ["CANON111", "CANON112", "CANON118"])
    }

    @Test("a key pattern holds field values: re-keying its field is a field change, not a key change; renaming the field with its key is neither")
    func keyPatternsFollowFields() throws {
        #expect(try Self.codes([("      subject: {type: string}", "      subject: {type: string, key: who}")]) == ["CANON112"])
        #expect(try Self.codes([("      subject: {type: string}", "      who: {type: string, key: subject}"), ("count:{subject}", "count:{who}")])
            == ["warning CANON119"])
        #expect(try Self.codes([("count:{subject}", "tally:{subject}")]) == ["CANON117"])
    }

    @Test("a removed collection or keyspace is reported at its line in the lock")
    func removedStores() throws {
        let text = Self.base
            .replacingOccurrences(of: "redis:\n  counters: {model: Counter, key: \"count:{subject}\", ttl: 1h}", with: "")
            .replacingOccurrences(of: "      subject: {type: string}", with: "      id: {type: id}\n      subject: {type: string}")
        let schema = try #require(TestSupport.schema(text).schema)
        let changes = BreakingChanges.find(old: try Self.lock(), new: schema)
        #expect(changes.map(\.code) == [.keyPatternChanged])
        #expect(changes.first?.location.file == "canon.lock")
        let lockLines = SchemaLock.render(try #require(TestSupport.schema(Self.base).schema)).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lockLines[try #require(changes.first?.location.line) - 1].contains("\"counters\""))
    }

    @Test("renames that store the same data break only Swift source: warnings")
    func sourceBreaks() throws {
        // A field renamed with its old key; a type and an enum value renamed; a query's parameter.
        let changes = try Self.changes([
            ("      age: {type: int, optional: true, min: 0, max: 150}", "      years: {type: int, key: age, optional: true, min: 0, max: 150}"),
            ("  Address:\n", "  PostalAddress:\n"), ("home: {type: Address,", "home: {type: PostalAddress,"),
            ("values: [open, closed]", "values: {open: {}, done: {raw: closed}}"),
            ("params: {name: string}\n        where: {name: $name}", "params: {who: string}\n        where: {name: $who}"),
        ])
        #expect(changes.allSatisfy { $0.severity == .warning && $0.code == .sourceBreakingChange }, "\(changes.map(\.description))")
        let messages = changes.map(\.message)
        #expect(messages.contains { $0.contains("field 'age' of 'Person' is renamed 'years'") })
        #expect(messages.contains { $0.contains("type 'Address' is renamed 'PostalAddress'") })
        #expect(messages.contains { $0.contains("value 'closed' of enum 'Status' is renamed 'done'") })
        #expect(messages.contains { $0.contains("named query 'byName'") && $0.contains("(name: string) to (who: string)") })
        #expect(changes.count == 4)
    }

    @Test("a new key with an alias of the old one reads the stored values: nothing breaks stored data")
    func aliasKeepsData() throws {
        let changes = try Self.changes([("note: {type: string, nullable: true, default: null}",
                                         "note: {type: string, nullable: true, default: null, key: remark, aliases: [note]}")])
        #expect(changes.isEmpty, "\(changes.map(\.description))")
    }

    @Test("a collection renamed at the same path, and a keyspace at the same keys, are source changes")
    func renamedStores() throws {
        let changes = try Self.changes([("  people:\n    model: Person", "  persons:\n    model: Person"),
                                        ("ref<people>", "ref<persons>"),
                                        ("  counters: {model: Counter", "  tallies: {model: Counter")])
        #expect(changes.map(\.code) == [.sourceBreakingChange, .sourceBreakingChange], "\(changes.map(\.description))")
    }

    @Test("a lock that is not one is refused with its location")
    func malformedLock() throws {
        #expect(throws: SchemaLockError.self) { try SchemaLockReader().read(Array("models: [".utf8), file: "canon.lock") }
        do {
            _ = try SchemaLockReader().read(Array("canon_lock: 1\nmodels:\n  A: {fields: [{name: \"a\", key: \"a\"}]}\n".utf8), file: "canon.lock")
            Issue.record("a field without a type was read")
        } catch {
            #expect(error.description == "canon.lock:3:16: 'type' is missing")
        }
        do {
            _ = try SchemaLockReader().read(Array("canon_lock: 2\n".utf8), file: "canon.lock")
            Issue.record("a lock of another version was read")
        } catch {
            #expect(error.description.contains("canon_lock: 1"))
        }
    }

    @Test("the lock quotes any text so that it reads back the same")
    func quoting() throws {
        for text in ["plain", "with \"quotes\" and \\ backslash", "line\nbreak\ttab", "\u{0}nul\u{7F}", "ümlaut 🚀", "#: not a comment", "- [x]"] {
            let yaml = "v: \(SchemaLock.quoted(text))\n"
            let loaded = YAMLLoader().load(Array(yaml.utf8), file: "t.yaml")
            #expect(loaded.root?["v"]?.scalar?.text == text, "\(yaml)")
        }
    }
}
