import Foundation

// The bodies of the REST calls the client makes, as proto3 JSON: default values are left out,
// 64-bit integers are strings, int32 fields (`limit`, `offset`, `pageSize`) numbers.
extension FirestoreJSON {
    /// A `CommitRequest` as JSON.
    public static func data(for request: CommitRequest) -> Data {
        var writer = Writer()
        writer.object { writer, first in
            writer.key("database", &first)
            writer.string(request.database)
            writer.key("writes", &first)
            writer.array(request.writes) { $0.write($1) }
            writer.member("transaction", request.transaction, &first) { $0.string($1) }
        }
        return Data(writer.bytes)
    }

    /// A `StructuredQuery` as JSON.
    public static func data(for query: StructuredQuery) -> Data {
        var writer = Writer()
        writer.query(query)
        return Data(writer.bytes)
    }

    /// A `runQuery` body.
    static func runQueryRequest(_ query: StructuredQuery, transaction: String?) -> Data {
        var writer = Writer()
        writer.object { writer, first in
            writer.key("structuredQuery", &first)
            writer.query(query)
            writer.member("transaction", transaction, &first) { $0.string($1) }
        }
        return Data(writer.bytes)
    }

    /// A `runAggregationQuery` body: the query and its aggregations by alias, in alias order.
    static func aggregationRequest(_ query: StructuredQuery, _ aggregations: [(alias: String, FirestoreClient.Aggregation)]) -> Data {
        var writer = Writer()
        writer.object { writer, first in
            writer.key("structuredAggregationQuery", &first)
            writer.object { writer, first in
                writer.key("structuredQuery", &first)
                writer.query(query)
                writer.key("aggregations", &first)
                writer.array(aggregations) { writer, entry in
                    writer.object { writer, first in
                        writer.key("alias", &first)
                        writer.string(entry.alias)
                        switch entry.1 {
                        case .count:
                            writer.key("count", &first)
                            writer.raw("{}")
                        case .sum(let path):
                            writer.key("sum", &first)
                            writer.fieldOperand(path.encoded)
                        case .average(let path):
                            writer.key("avg", &first)
                            writer.fieldOperand(path.encoded)
                        }
                    }
                }
            }
        }
        return Data(writer.bytes)
    }

    /// A `batchGet` body.
    static func batchGetRequest(names: [String], transaction: String?) -> Data {
        var writer = Writer()
        writer.object { writer, first in
            writer.key("documents", &first)
            writer.array(names) { $0.string($1) }
            writer.member("transaction", transaction, &first) { $0.string($1) }
        }
        return Data(writer.bytes)
    }

    /// How a transaction begins.
    enum TransactionOptions {
        /// Read-write, retrying an earlier transaction when given.
        case readWrite(retrying: String?)
        /// Read-only, at a time in the past when given.
        case readOnly(readTime: Timestamp?)
    }

    /// A `beginTransaction` body.
    static func beginTransactionRequest(_ options: TransactionOptions) -> Data {
        var writer = Writer()
        writer.object { writer, first in
            writer.key("options", &first)
            writer.object { writer, first in
                switch options {
                case .readWrite(let previous):
                    writer.key("readWrite", &first)
                    writer.object { writer, first in
                        writer.member("retryTransaction", previous, &first) { $0.string($1) }
                    }
                case .readOnly(let readTime):
                    writer.key("readOnly", &first)
                    writer.object { writer, first in
                        writer.member("readTime", readTime, &first) { $0.string($1.rfc3339) }
                    }
                }
            }
        }
        return Data(writer.bytes)
    }

    /// A `rollback` body.
    static func rollbackRequest(transaction: String) -> Data {
        var writer = Writer()
        writer.object { writer, first in
            writer.key("transaction", &first)
            writer.string(transaction)
        }
        return Data(writer.bytes)
    }

    /// A `listCollectionIds` body.
    static func listCollectionIDsRequest(pageSize: Int, pageToken: String?) -> Data {
        var writer = Writer()
        writer.object { writer, first in
            writer.key("pageSize", &first)
            writer.number(pageSize)
            writer.member("pageToken", pageToken, &first) { $0.string($1) }
        }
        return Data(writer.bytes)
    }
}

extension FirestoreJSON.Writer {
    mutating func write(_ write: Write) {
        object { writer, first in
            writer.member("update", write.update, &first) { $0.document($1) }
            writer.member("delete", write.delete, &first) { $0.string($1) }
            if let mask = write.updateMask {
                writer.key("updateMask", &first)
                writer.object { writer, first in
                    writer.key("fieldPaths", &first)
                    writer.array(mask.fieldPaths) { $0.string($1) }
                }
            }
            if let transforms = write.updateTransforms, !transforms.isEmpty {
                writer.key("updateTransforms", &first)
                writer.array(transforms) { $0.transform($1) }
            }
            if let precondition = write.currentDocument {
                writer.key("currentDocument", &first)
                writer.object { writer, first in
                    writer.member("exists", precondition.exists, &first) { $0.boolean($1) }
                    writer.member("updateTime", precondition.updateTime, &first) { $0.string($1.rfc3339) }
                }
            }
        }
    }

    mutating func transform(_ transform: FieldTransform) {
        object { writer, first in
            writer.key("fieldPath", &first)
            writer.string(transform.fieldPath)
            switch transform.operation {
            case .setToServerValue:
                writer.key("setToServerValue", &first)
                writer.raw("\"REQUEST_TIME\"")
            case .increment(let value):
                writer.key("increment", &first)
                writer.value(value)
            case .maximum(let value):
                writer.key("maximum", &first)
                writer.value(value)
            case .minimum(let value):
                writer.key("minimum", &first)
                writer.value(value)
            case .appendMissingElements(let values):
                writer.key("appendMissingElements", &first)
                writer.arrayValue(values)
            case .removeAllFromArray(let values):
                writer.key("removeAllFromArray", &first)
                writer.arrayValue(values)
            }
        }
    }

    mutating func query(_ query: StructuredQuery) {
        object { writer, first in
            if let select = query.select {
                writer.key("select", &first)
                writer.object { writer, first in
                    writer.key("fields", &first)
                    writer.array(select.fields) { $0.fieldReference($1.fieldPath) }
                }
            }
            writer.key("from", &first)
            writer.array(query.from) { writer, selector in
                writer.object { writer, first in
                    writer.key("collectionId", &first)
                    writer.string(selector.collectionId)
                    writer.member("allDescendants", selector.allDescendants, &first) { $0.boolean($1) }
                }
            }
            writer.member("where", query.where, &first) { $0.filter($1) }
            if let orders = query.orderBy {
                writer.key("orderBy", &first)
                writer.array(orders) { writer, order in
                    writer.object { writer, first in
                        writer.key("field", &first)
                        writer.fieldReference(order.field.fieldPath)
                        writer.key("direction", &first)
                        writer.string(order.direction)
                    }
                }
            }
            writer.member("startAt", query.startAt, &first) { $0.cursor($1) }
            writer.member("endAt", query.endAt, &first) { $0.cursor($1) }
            writer.member("offset", query.offset, &first) { $0.number($1) }
            writer.member("limit", query.limit, &first) { $0.number($1) }
        }
    }

    mutating func filter(_ filter: StructuredQuery.Filter) {
        object { writer, first in
            switch filter {
            case .composite(let op, let filters):
                writer.key("compositeFilter", &first)
                writer.object { writer, first in
                    writer.key("op", &first)
                    writer.string(op)
                    writer.key("filters", &first)
                    writer.array(filters) { $0.filter($1) }
                }
            case .field(let field, let op, let value):
                writer.key("fieldFilter", &first)
                writer.object { writer, first in
                    writer.key("field", &first)
                    writer.fieldReference(field.fieldPath)
                    writer.key("op", &first)
                    writer.string(op)
                    writer.key("value", &first)
                    writer.value(value)
                }
            case .unary(let op, let field):
                writer.key("unaryFilter", &first)
                writer.object { writer, first in
                    writer.key("op", &first)
                    writer.string(op)
                    writer.key("field", &first)
                    writer.fieldReference(field.fieldPath)
                }
            }
        }
    }

    mutating func cursor(_ cursor: StructuredQuery.Cursor) {
        object { writer, first in
            writer.key("values", &first)
            writer.array(cursor.values) { $0.value($1) }
            if cursor.before {
                writer.key("before", &first)
                writer.boolean(true)
            }
        }
    }

    /// A `FieldReference`: `{"fieldPath": …}`.
    mutating func fieldReference(_ path: String) {
        object { writer, first in
            writer.key("fieldPath", &first)
            writer.string(path)
        }
    }

    /// The operand of a sum or an average: `{"field": {"fieldPath": …}}`.
    mutating func fieldOperand(_ path: String) {
        object { writer, first in
            writer.key("field", &first)
            writer.fieldReference(path)
        }
    }
}
