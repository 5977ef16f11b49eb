import CanonSchema
import FirestoreNaming

/// The composite indexes the named queries need, in the format the Firebase CLI deploys
/// (`firebase deploy --only firestore:indexes` reads `firestore.indexes.json`).
///
/// Firestore serves single-field filters and orders from its automatic single-field indexes, and
/// equality-only queries by merging them; a query needs a composite index when it orders (or
/// filters by range) on one field and also filters or orders on another, or combines
/// `array-contains` with another field. The index lists the equality fields first (by path),
/// then the ordering as Firestore completes it: the explicit orders, then inequality fields not
/// ordered, in the direction of the last order.
public enum FirestoreIndexes {
    struct IndexField: Hashable, Comparable {
        /// The storage keys along the path.
        var segments: [String]
        /// `ASCENDING`, `DESCENDING`, or nil for `arrayConfig: CONTAINS`.
        var order: String?

        /// The path in Firestore's field-path syntax.
        var path: String { FieldPathSyntax.encoded(segments) }

        /// By segments, as the runtime orders `FieldPath`s when it completes a query's ordering.
        static func < (lhs: IndexField, rhs: IndexField) -> Bool {
            lhs.segments != rhs.segments ? lhs.segments.lexicographicallyPrecedes(rhs.segments) : (lhs.order ?? "") < (rhs.order ?? "")
        }
    }

    struct Index: Hashable, Comparable {
        var collectionGroup: String
        var queryScope: String
        var fields: [IndexField]

        static func < (lhs: Index, rhs: Index) -> Bool {
            if lhs.collectionGroup != rhs.collectionGroup { return lhs.collectionGroup < rhs.collectionGroup }
            if lhs.queryScope != rhs.queryScope { return lhs.queryScope < rhs.queryScope }
            return lhs.fields.lexicographicallyPrecedes(rhs.fields)
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func jsonString(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": literal += "\\\""
            case "\\": literal += "\\\\"
            case "\n": literal += "\\n"
            case "\t": literal += "\\t"
            case "\r": literal += "\\r"
            case _ where scalar.value < 0x20: literal += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: literal.unicodeScalars.append(scalar)
            }
        }
        return literal + "\""
    }

    /// The JSON file, deterministic: indexes sorted, duplicates removed.
    public static func json(for schema: SchemaSet) -> String {
        let indexes = Set(schema.files.filter { $0.module == nil }.flatMap(\.collections).flatMap { Self.indexes(for: $0, schema: schema) }).sorted()  // a library's indexes are its own
        var lines = ["{", "  \"indexes\": ["]
        for (offset, index) in indexes.enumerated() {
            lines.append("    {")
            lines.append("      \"collectionGroup\": \(jsonString(index.collectionGroup)),")
            lines.append("      \"queryScope\": \"\(index.queryScope)\",")
            lines.append("      \"fields\": [")
            for (fieldOffset, field) in index.fields.enumerated() {
                let kind = field.order.map { "\"order\": \"\($0)\"" } ?? "\"arrayConfig\": \"CONTAINS\""
                lines.append("        { \"fieldPath\": \(jsonString(field.path)), \(kind) }" + (fieldOffset + 1 < index.fields.count ? "," : ""))
            }
            lines.append("      ]")
            lines.append("    }" + (offset + 1 < indexes.count ? "," : ""))
        }
        lines.append("  ],")
        lines.append("  \"fieldOverrides\": []")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    static func indexes(for collection: CollectionDecl, schema: SchemaSet) -> [Index] {
        collection.queries.compactMap { index(for: $0, in: collection, schema: schema) }
    }

    /// The composite index one query needs, or nil when the automatic indexes serve it.
    static func index(for query: QueryDecl, in collection: CollectionDecl, schema: SchemaSet) -> Index? {
        guard let path = collection.path?.value, case .model(let model, _)? = schema.lookup(collection.model.value) else { return nil }
        var equality: [IndexField] = []
        var inequality: [[String]] = []
        var hasArrayContains = false
        for filter in query.filters {
            guard case .success(let resolved) = schema.resolveFieldPath(filter.field.value, in: model) else { continue }
            let field = resolved.storageKeys
            switch filter.op {
            case .eq, .in: equality.append(IndexField(segments: field, order: "ASCENDING"))
            case .contains, .containsAny:
                equality.append(IndexField(segments: field, order: nil))
                hasArrayContains = true
            case .ne, .notIn, .lt, .lte, .gt, .gte:
                if !inequality.contains(field) { inequality.append(field) }
            }
        }
        var order = query.order.compactMap { item -> IndexField? in
            guard case .success(let resolved) = schema.resolveFieldPath(item.field.value, in: model) else { return nil }
            return IndexField(segments: resolved.storageKeys, order: item.isDescending ? "DESCENDING" : "ASCENDING")
        }
        let direction = order.last?.order ?? "ASCENDING"
        for field in inequality.sorted(by: { $0.lexicographicallyPrecedes($1) }) where !order.contains(where: { $0.segments == field }) {
            order.append(IndexField(segments: field, order: direction))
        }
        // Fields both filtered by equality and ordered need only their ordering entry.
        let ordered = Set(order.map(\.segments))
        equality = Array(Set(equality.filter { !ordered.contains($0.segments) })).sorted()
        let distinct = Set(equality.map(\.segments)).union(ordered).count
        let needsComposite = (!order.isEmpty || hasArrayContains) && distinct >= 2
        guard needsComposite else { return nil }
        return Index(collectionGroup: path.collectionID, queryScope: query.isCollectionGroup ? "COLLECTION_GROUP" : "COLLECTION",
                     fields: equality + order)
    }
}
