import Testing
@testable import CanonSchema

/// The fixture that exercises every feature of the language lives with the test target that
/// compiles its generated code (`Tests/GeneratedModelTests/Schemas`); these tests check that it
/// loads into the expected schema model.
@Suite("Valid fixtures load into the expected schema model")
struct ValidFixtureTests {
    static func loadEverything() throws -> SchemaSet {
        let result = try SchemaLoader(source: TestSupport.rootedSource(TestSupport.packageRoot.appendingPathComponent("Tests/GeneratedModelTests")))
            .load(paths: ["Schemas/features.yaml"])
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.rendered)")
        // `deprecated:` with messages only, so no warnings.
        #expect(result.diagnostics.isEmpty, "\(result.rendered)")
        return try #require(result.schema)
    }

    @Test("imports pull in the imported file")
    func imports() throws {
        let schema = try Self.loadEverything()
        #expect(schema.files.map(\.path) == ["Schemas/features.yaml", "Schemas/shared.yaml"])
        #expect(schema.files[0].imports.map(\.resolvedPath) == ["Schemas/shared.yaml"])
        guard case .embedded(let address, let file)? = schema.lookup("Address") else {
            Issue.record("Address not found")
            return
        }
        #expect(file == "Schemas/shared.yaml")
        #expect(address.field(named: "location")?.isOptional == true)
    }

    @Test("enums keep raw types, openness, raw values, docs and reserved values")
    func enums() throws {
        let schema = try Self.loadEverything()
        guard case .enumType(let status, _)? = schema.lookup("Status"),
              case .enumType(let level, _)? = schema.lookup("Level"),
              case .enumType(let color, _)? = schema.lookup("Color")
        else {
            Issue.record("enums missing")
            return
        }
        #expect(status.isOpen && status.rawType == .string)
        #expect(status.cases.map(\.info.name) == ["draft", "in_review", "live", "retired"])
        #expect(status.cases.map(\.swiftName) == ["draft", "inReview", "live", "retired"])
        #expect(status.cases.map(\.rawValue.value) == [.string("draft"), .string("in-review"), .string("published"), .string("retired")])
        #expect(status.cases[0].info.doc == "Not yet published.")
        #expect(status.cases[3].info.deprecation?.message == "Use draft.")
        #expect(status.reserved.map(\.value) == [.string("pending"), .string("removed")])
        #expect(level.rawType == .int && !level.isOpen)
        #expect(level.cases.map(\.rawValue.value) == [.int(1), .int(10)])
        #expect(color.cases.count == 3 && !color.isOpen)
    }

    @Test("fields keep types, optionality, defaults, keys and constraints")
    func fields() throws {
        let schema = try Self.loadEverything()
        guard case .model(let item, _)? = schema.lookup("Item") else {
            Issue.record("Item missing")
            return
        }
        guard case .model(let legacy, _)? = schema.lookup("LegacyItem") else {
            Issue.record("LegacyItem missing")
            return
        }
        #expect(legacy.info.deprecation?.message == "Use Item.")
        #expect(item.idField?.info.name == "id")
        #expect(item.reservedKeys.map(\.value) == ["old_name"])
        let field = { (name: String) in item.field(named: name)! }
        #expect(field("owner").type.value == .reference(collection: "items"))
        #expect(field("history").type.value == .array(.map(.named("Dimensions"))))
        #expect(field("scores").type.value == .map(.builtin(.int)))
        #expect(field("note").isNullable && !field("note").isOptional)
        #expect(field("maybe").isNullable && field("maybe").isOptional)
        #expect(field("color").isOptional && !field("color").isNullable)
        #expect(field("count").defaultValue?.value == .int(3))
        #expect(field("count").constraints.min?.value == .int(0) && field("count").constraints.max?.value == .int(10))
        #expect(field("name").constraints.pattern?.value == "[A-Za-z ]+")
        #expect(field("tags").constraints.maxItems?.value == 5)
        #expect(field("displayName").swiftName == "displayName")
        #expect(field("displayName").storageKey.value == "label")
        #expect(field("displayName").aliases.map(\.value) == ["display_name", "title"])
        #expect(field("created_at").swiftName == "createdAt" && field("created_at").storageKey.value == "created_at")
        #expect(field("request").audit?.value == .requestID)
        #expect(item.fields.compactMap(\.audit?.value) == [.createdAt, .updatedAt, .createdBy, .updatedBy, .requestID])
        #expect(field("legacy").info.deprecation?.message == "Use name.")
    }

    @Test("collections keep paths, ID strategies, cache settings and queries")
    func collections() throws {
        let schema = try Self.loadEverything()
        let items = try #require(schema.collection(named: "items"))
        #expect(items.idStrategy == .uuid)
        #expect(items.cache?.isEnabled == true && items.cache?.ttl?.value.seconds == 600 && items.cache?.keyPrefix?.value == "it"
                && items.cache?.negativeTTL?.value.seconds == 30)
        let parts = try #require(schema.collection(named: "parts"))
        #expect(parts.path?.value.description == "items/{itemId}/parts")
        #expect(parts.path?.value.placeholders == ["itemId"])
        #expect(parts.path?.value.parentCollectionPath?.description == "items")
        #expect(parts.idStrategy == .client && parts.cache?.isEnabled == false)
        #expect(parts.queries.first?.isCollectionGroup == true)

        let query = try #require(items.queries.first { $0.info.name == "everything" })
        #expect(query.parameters.map(\.name.value) == ["name", "low", "colors", "tag", "since"])
        #expect(query.filters.map(\.op) == [.eq, .gte, .lt, .in, .ne, .contains, .gt, .lte, .gt, .eq])
        #expect(query.filters.map(\.field.value) == ["name", "count", "count", "color", "level", "tags", "born", "size.width", "scores.x", "note"])
        #expect(query.order.map(\.field.value) == ["count", "name"] && query.order.map(\.isDescending) == [true, false])
        guard case .fixed(let limit)? = query.limit else {
            Issue.record("limit is not fixed")
            return
        }
        #expect(limit.value == 25)
        let byStatus = try #require(items.queries.first { $0.info.name == "byStatus" })
        guard case .value(let literal)? = byStatus.filters.last?.operand else {
            Issue.record("'$$literal' is not a literal")
            return
        }
        #expect(literal.value == .string("$literal"))
        guard case .fixed(let fixed)? = byStatus.limit else {
            Issue.record("limit is not fixed")
            return
        }
        #expect(fixed.value == 10)
        #expect(byStatus.filters.map(\.op) == [.notIn, .eq, .eq])
    }

    @Test("Redis keyspaces keep key patterns and TTLs")
    func keyspaces() throws {
        let schema = try Self.loadEverything()
        let counters = try #require(schema.keyspaces.first)
        #expect(counters.key?.value.description == "c:{tenant}:{bucket}")
        #expect(counters.ttl?.value.seconds == 5_400)
        guard case .model(let model, _)? = schema.lookup(counters.model.value) else {
            Issue.record("Counter missing")
            return
        }
        #expect(model.idField == nil)
    }
}
