import CanonRuntime
import Foundation

/// Reads request bodies into the server's model, rejecting unknown members and malformed values
/// with the gateway's messages.
enum RequestDecoding {
    static func parse(_ body: [UInt8]) throws(RPCError) -> JSON {
        if body.isEmpty { return .object([]) }
        do {
            return try JSONParser.parse(body)
        } catch {
            throw RPCError.invalid("Invalid JSON payload received. \(error.message) at byte \(error.offset).")
        }
    }

    // MARK: Writes

    static func commit(_ json: JSON, database: DatabaseName) throws(RPCError) -> (writes: [WriteOperation], transaction: [UInt8]?) {
        var reader = try ObjectReader(json, at: "")
        // The database is bound to the URL; a body repeating it must agree.
        if let named = try reader.string("database"), named != database.description {
            throw RPCError.invalid("The body's database \"\(named)\" does not match the URL's \"\(database)\".")
        }
        let transaction = try reader.string("transaction").map { text throws(RPCError) in try bytes(text, at: "transaction") }
        var writes: [WriteOperation] = []
        for (offset, element) in try reader.array("writes").enumerated() {
            writes.append(try write(element, at: "writes[\(offset)]", database: database))
        }
        try reader.finish()
        return (writes, transaction)
    }

    static func write(_ json: JSON, at path: String, database: DatabaseName) throws(RPCError) -> WriteOperation {
        var reader = try ObjectReader(json, at: path)
        let update = try reader.take("update").map { json throws(RPCError) in try ValueDecoding.document(json, at: reader.child("update")) }
        let delete = try reader.string("delete")
        let transform = reader.take("transform")
        let mask = try reader.take("updateMask").map { json throws(RPCError) in try self.mask(json, at: reader.child("updateMask")) }
        var transforms = try reader.array("updateTransforms").enumerated().map { item throws(RPCError) in
            try fieldTransform(item.element, at: reader.child("updateTransforms[\(item.offset)]"))
        }
        var exists: Bool?
        var updateTime: Timestamp?
        if let condition = reader.take("currentDocument") {
            (exists, updateTime) = try precondition(condition, at: reader.child("currentDocument"))
        }
        try reader.finish()

        let operations = [update != nil, delete != nil, transform != nil].filter { $0 }.count
        guard operations == 1 else {
            throw RPCError.invalid("A write at '\(path)' must set exactly one of update, delete or transform.")
        }
        if delete != nil || transform != nil {
            if mask != nil { throw RPCError.invalid("updateMask at '\(path)' is only allowed with update.") }
            if !transforms.isEmpty { throw RPCError.invalid("updateTransforms at '\(path)' are only allowed with update.") }
        }
        let name: String
        let kind: WriteOperation.Kind
        if let update {
            guard let documentName = update.name else { throw RPCError.invalid("The document to update at '\(path)' has no name.") }
            name = documentName
            try checkWritable(update.fields, at: "\(path).update")
            kind = .update(fields: update.fields, mask: mask)
        } else if let delete {
            name = delete
            kind = .delete
        } else {
            var inner = try ObjectReader(transform!, at: "\(path).transform")
            guard let documentName = try inner.string("document") else {
                throw RPCError.invalid("The transform at '\(path)' names no document.")
            }
            name = documentName
            transforms = try inner.array("fieldTransforms").enumerated().map { item throws(RPCError) in
                try fieldTransform(item.element, at: "\(path).transform.fieldTransforms[\(item.offset)]")
            }
            try inner.finish()
            kind = .transform
        }
        let (writeDatabase, documentPath) = try ResourceName.document(name)
        guard writeDatabase == database else {
            throw RPCError.invalid("Document \"\(name)\" is not in the database of this request, \(database).")
        }
        try checkTransforms(transforms, at: path)
        return WriteOperation(path: documentPath, kind: kind, transforms: transforms, exists: exists, updateTime: updateTime)
    }

    static func precondition(_ json: JSON, at path: String) throws(RPCError) -> (Bool?, Timestamp?) {
        var reader = try ObjectReader(json, at: path)
        let exists = try reader.bool("exists")
        let updateTime = try reader.string("updateTime").map { text throws(RPCError) in try timestamp(text, at: reader.child("updateTime")) }
        try reader.finish()
        if exists != nil, updateTime != nil {
            throw RPCError.invalid("A precondition at '\(path)' sets both exists and updateTime (oneof condition_type).")
        }
        return (exists, updateTime)
    }

    static func fieldTransform(_ json: JSON, at path: String) throws(RPCError) -> (path: ParsedFieldPath, operation: FieldTransform.Operation) {
        var reader = try ObjectReader(json, at: path)
        guard let fieldPath = try reader.string("fieldPath") else { throw RPCError.invalid("A field transform at '\(path)' has no fieldPath.") }
        var operations: [FieldTransform.Operation] = []
        if let serverValue = try reader.enumeration("setToServerValue", .serverValue) {
            guard serverValue == "REQUEST_TIME" else {
                throw RPCError.invalid("setToServerValue at '\(reader.child("setToServerValue"))' must be REQUEST_TIME, not \(serverValue).")
            }
            operations.append(.setToServerValue)
        }
        for key in ["increment", "maximum", "minimum"] {
            guard let operand = reader.take(key) else { continue }
            let value = try ValueDecoding.value(operand, at: reader.child(key))
            guard Transforms.isNumber(value) else {
                throw RPCError.invalid("The \(key) transform at '\(path)' needs an integer or double operand.")
            }
            operations.append(key == "increment" ? .increment(value) : key == "maximum" ? .maximum(value) : .minimum(value))
        }
        for key in ["appendMissingElements", "removeAllFromArray"] {
            guard let operand = reader.take(key) else { continue }
            var array = try ObjectReader(operand, at: reader.child(key))
            let values = try array.array("values").enumerated().map { item throws(RPCError) in
                try ValueDecoding.value(item.element, at: "\(array.path).values[\(item.offset)]")
            }
            try array.finish()
            operations.append(key == "appendMissingElements" ? .appendMissingElements(values) : .removeAllFromArray(values))
        }
        try reader.finish()
        guard operations.count == 1, let operation = operations.first else {
            throw RPCError.invalid("A field transform at '\(path)' must set exactly one transformation (oneof transform_type).")
        }
        let parsed = try ParsedFieldPath(fieldPath)
        if parsed.segments.contains(where: ResourceName.isReserved) {
            throw RPCError.invalid("Field path \"\(fieldPath)\" at '\(path)' uses a reserved name.")
        }
        return (parsed, operation)
    }

    /// Transforms may not touch the same field twice (nor one field and a field inside it).
    static func checkTransforms(_ transforms: [(path: ParsedFieldPath, operation: FieldTransform.Operation)], at path: String) throws(RPCError) {
        for (index, transform) in transforms.enumerated() {
            for other in transforms[(index + 1)...] where other.path.isPrefix(of: transform.path) || transform.path.isPrefix(of: other.path) {
                throw RPCError.invalid("The write at '\(path)' transforms \(transform.path) and \(other.path), which overlap.")
            }
        }
    }

    static func mask(_ json: JSON, at path: String) throws(RPCError) -> [ParsedFieldPath] {
        var reader = try ObjectReader(json, at: path)
        var paths: [ParsedFieldPath] = []
        for (offset, element) in try reader.array("fieldPaths").enumerated() {
            guard case .string(let text) = element else {
                throw RPCError.invalid("Invalid value at '\(path).fieldPaths[\(offset)]' (TYPE_STRING)")
            }
            paths.append(try ParsedFieldPath(text))
        }
        try reader.finish()
        return paths
    }

    /// Field names Firestore reserves or over 1,500 bytes, arrays directly in arrays, and nesting
    /// over 20 levels are refused on writes.
    static func checkWritable(_ fields: [String: FirestoreValue], at path: String) throws(RPCError) {
        func check(_ value: FirestoreValue, depth: Int, insideArray: Bool) throws(RPCError) {
            guard depth <= 20 else { throw RPCError.invalid("A value at '\(path)' is nested more than 20 levels deep.") }
            switch value {
            case .array(let values):
                if insideArray { throw RPCError.invalid("Cannot have an array directly inside another array (at '\(path)').") }
                for element in values { try check(element, depth: depth + 1, insideArray: true) }
            case .map(let fields):
                try checkNames(fields)
                for element in fields.values { try check(element, depth: depth + 1, insideArray: false) }
            default: break
            }
        }
        func checkNames(_ fields: [String: FirestoreValue]) throws(RPCError) {
            for key in fields.keys where ResourceName.isReserved(key) && !(key == "__type__" && fields[key] == .string("__vector__")) {
                throw RPCError.invalid("Field name \"\(key)\" at '\(path)' is reserved.")
            }
            for key in fields.keys where key.utf8.count > 1_500 {
                throw RPCError.invalid("Field name \"\(key.prefix(40))…\" at '\(path)' is longer than 1500 bytes.")
            }
        }
        try checkNames(fields)
        for value in fields.values { try check(value, depth: 1, insideArray: false) }
    }

    // MARK: Reads

    /// Reads `transaction`, `newTransaction` and `readTime`, at most one of them.
    static func consistency(_ reader: inout ObjectReader) throws(RPCError) -> ReadConsistency {
        var found: [ReadConsistency] = []
        if let text = try reader.string("transaction") { found.append(.transaction(try bytes(text, at: reader.child("transaction")))) }
        if let options = reader.take("newTransaction") { found.append(.newTransaction(try transactionOptions(options, at: reader.child("newTransaction")))) }
        if let text = try reader.string("readTime") { found.append(.readTime(try timestamp(text, at: reader.child("readTime")))) }
        guard found.count <= 1 else {
            throw RPCError.invalid("Only one of transaction, newTransaction and readTime may be set (oneof consistency_selector).")
        }
        return found.first ?? .current
    }

    static func transactionOptions(_ json: JSON, at path: String) throws(RPCError) -> TransactionOptions {
        var reader = try ObjectReader(json, at: path)
        let readOnly = reader.take("readOnly")
        let readWrite = reader.take("readWrite")
        try reader.finish()
        if readOnly != nil, readWrite != nil {
            throw RPCError.invalid("Transaction options at '\(path)' set both readOnly and readWrite (oneof mode).")
        }
        if let readOnly {
            var inner = try ObjectReader(readOnly, at: "\(path).readOnly")
            let readTime = try inner.string("readTime").map { text throws(RPCError) in try timestamp(text, at: "\(path).readOnly.readTime") }
            try inner.finish()
            return TransactionOptions(readOnly: true, readTime: readTime)
        }
        if let readWrite {
            var inner = try ObjectReader(readWrite, at: "\(path).readWrite")
            // Checked, not used: an optimistic retry needs no lock priority.
            _ = try inner.string("retryTransaction").map { text throws(RPCError) in try bytes(text, at: "\(path).readWrite.retryTransaction") }
            if try inner.enumeration("concurrencyMode", .concurrencyMode) == "PESSIMISTIC" {
                throw RPCError.unimplemented("PESSIMISTIC concurrency (this database runs OPTIMISTIC)")
            }
            try inner.finish()
        }
        return TransactionOptions(readOnly: false, readTime: nil)
    }

    // MARK: Queries

    static func structuredQuery(_ json: JSON, at path: String) throws(RPCError) -> Query {
        var reader = try ObjectReader(json, at: path)
        if reader.take("findNearest") != nil { throw RPCError.unimplemented("findNearest (vector search)") }
        var select: [ParsedFieldPath]?
        if let projection = reader.take("select") {
            var inner = try ObjectReader(projection, at: reader.child("select"))
            select = try inner.array("fields").enumerated().map { item throws(RPCError) in try fieldReference(item.element, at: "\(inner.path).fields[\(item.offset)]") }
            try inner.finish()
        }
        let from = try reader.array("from")
        guard from.count == 1 else {
            throw RPCError.invalid("A query must name exactly one collection in 'from'; it names \(from.count).")
        }
        var selector = try ObjectReader(from[0], at: reader.child("from[0]"))
        let collectionID = try selector.string("collectionId") ?? ""
        let allDescendants = try selector.bool("allDescendants") ?? false
        try selector.finish()
        if collectionID.isEmpty { throw RPCError.unimplemented("Kindless queries (a 'from' without collectionId)") }
        try ResourceName.checkID(collectionID, in: collectionID)

        let filter = try reader.take("where").map { json throws(RPCError) in try self.filter(json, at: reader.child("where")) }
        let orders = try reader.array("orderBy").enumerated().map { item throws(RPCError) -> Query.Order in
            var order = try ObjectReader(item.element, at: reader.child("orderBy[\(item.offset)]"))
            guard let field = order.take("field") else { throw RPCError.invalid("An order at '\(order.path)' has no field.") }
            let fieldPath = try fieldReference(field, at: order.child("field"))
            let direction = try order.enumeration("direction", .direction)
            try order.finish()
            return Query.Order(path: fieldPath, descending: direction == "DESCENDING")
        }
        let startAt = try reader.take("startAt").map { json throws(RPCError) in try cursor(json, at: reader.child("startAt")) }
        let endAt = try reader.take("endAt").map { json throws(RPCError) in try cursor(json, at: reader.child("endAt")) }
        let offset = try reader.integer("offset") ?? 0
        var limit: Int64?
        if case .object? = json["limit"] {
            // google.protobuf.Int32Value may also arrive as {"value": n}.
            var wrapper = try ObjectReader(reader.take("limit")!, at: reader.child("limit"))
            limit = try wrapper.integer("value")
            try wrapper.finish()
        } else {
            limit = try reader.integer("limit")
        }
        try reader.finish()
        guard offset >= 0 else { throw RPCError.invalid("offset must be non-negative, not \(offset).") }
        if let limit, limit < 0 { throw RPCError.invalid("limit must be non-negative, not \(limit).") }
        guard offset <= Int32.max, (limit ?? 0) <= Int32.max else { throw RPCError.invalid("offset and limit are 32-bit integers.") }
        return Query(collectionID: collectionID, allDescendants: allDescendants, filter: filter, orderBy: orders, startAt: startAt,
                     endAt: endAt, offset: Int(offset), limit: limit.map(Int.init), select: select)
    }

    static func fieldReference(_ json: JSON, at path: String) throws(RPCError) -> ParsedFieldPath {
        var reader = try ObjectReader(json, at: path)
        guard let text = try reader.string("fieldPath") else { throw RPCError.invalid("A field reference at '\(path)' has no fieldPath.") }
        try reader.finish()
        return try ParsedFieldPath(text)
    }

    static func cursor(_ json: JSON, at path: String) throws(RPCError) -> Query.Cursor {
        var reader = try ObjectReader(json, at: path)
        let values = try reader.array("values").enumerated().map { item throws(RPCError) in
            try ValueDecoding.value(item.element, at: "\(path).values[\(item.offset)]")
        }
        let before = try reader.bool("before") ?? false
        try reader.finish()
        return Query.Cursor(values: values, before: before)
    }

    static func filter(_ json: JSON, at path: String) throws(RPCError) -> Query.Filter {
        var reader = try ObjectReader(json, at: path)
        let composite = reader.take("compositeFilter")
        let field = reader.take("fieldFilter")
        let unary = reader.take("unaryFilter")
        try reader.finish()
        guard [composite, field, unary].compactMap({ $0 }).count == 1 else {
            throw RPCError.invalid("A filter at '\(path)' must set exactly one of compositeFilter, fieldFilter and unaryFilter.")
        }
        if let composite {
            var inner = try ObjectReader(composite, at: "\(path).compositeFilter")
            let op = try inner.enumeration("op", .compositeOperator) ?? "OPERATOR_UNSPECIFIED"
            let filters = try inner.array("filters").enumerated().map { item throws(RPCError) in
                try filter(item.element, at: "\(path).compositeFilter.filters[\(item.offset)]")
            }
            try inner.finish()
            guard !filters.isEmpty else { throw RPCError.invalid("The composite filter at '\(path)' has no filters.") }
            switch op {
            case "AND": return .and(filters)
            case "OR": return .or(filters)
            default: throw RPCError.invalid("A composite filter's op must be AND or OR, not \(op) (at '\(path)').")
            }
        }
        if let field {
            var inner = try ObjectReader(field, at: "\(path).fieldFilter")
            guard let reference = inner.take("field") else { throw RPCError.invalid("The field filter at '\(path)' has no field.") }
            let fieldPath = try fieldReference(reference, at: "\(path).fieldFilter.field")
            let opText = try inner.enumeration("op", .fieldOperator) ?? "OPERATOR_UNSPECIFIED"
            guard let valueJSON = inner.take("value") else { throw RPCError.invalid("The field filter at '\(path)' has no value.") }
            let value = try ValueDecoding.value(valueJSON, at: "\(path).fieldFilter.value")
            try inner.finish()
            guard let op = Query.FieldOperator(rawValue: opText) else {
                throw RPCError.invalid("Invalid field filter operator \(opText) at '\(path)'.")
            }
            return .field(fieldPath, op, value)
        }
        var inner = try ObjectReader(unary!, at: "\(path).unaryFilter")
        guard let reference = inner.take("field") else { throw RPCError.invalid("The unary filter at '\(path)' has no field.") }
        let fieldPath = try fieldReference(reference, at: "\(path).unaryFilter.field")
        let opText = try inner.enumeration("op", .unaryOperator) ?? "OPERATOR_UNSPECIFIED"
        try inner.finish()
        guard let op = Query.UnaryOperator(rawValue: opText) else {
            throw RPCError.invalid("Invalid unary filter operator \(opText) at '\(path)'.")
        }
        return .unary(fieldPath, op)
    }

    // MARK: Scalars

    static func timestamp(_ text: String, at path: String) throws(RPCError) -> Timestamp {
        guard let time = Timestamp(rfc3339: text) else {
            throw RPCError.invalid("Invalid value at '\(path)' (type.googleapis.com/google.protobuf.Timestamp), Field '\(path)', Invalid time format: \"\(text)\"")
        }
        return time
    }

    static func bytes(_ text: String, at path: String) throws(RPCError) -> [UInt8] {
        guard let data = Data(base64Encoded: Proto3Base64.standard(text)) else {
            throw RPCError.invalid("Invalid value at '\(path)' (TYPE_BYTES), Base64 decoding failed for \"\(text)\"")
        }
        return Array(data)
    }
}
