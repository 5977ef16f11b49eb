import CanonSchema

/// How schema types become Swift types. Standard and Foundation names are qualified, so a
/// schema type can never shadow them in generated code.
struct SwiftTypes {
    let schema: SchemaSet

    /// The Swift type of a schema type, without optionality.
    func type(of fieldType: FieldType) -> TypeName {
        switch fieldType {
        case .builtin(let builtin):
            switch builtin {
            case .string: .string
            case .bool: .bool
            case .int: .int
            case .double: .double
            case .timestamp: .named(RuntimeNames.timestamp)
            case .bytes: .named(RuntimeNames.bytes)
            case .uuid: .named("Foundation.UUID")
            case .url: .named("Foundation.URL")
            case .geopoint: .named(RuntimeNames.geoPoint)
            case .id: .named("ID")
            }
        case .named(let name):
            .named(name)
        case .reference(let collection):
            .generic(RuntimeNames.documentReference, [.named(schema.collection(named: collection)?.model.value ?? collection)])
        case .array(let element):
            .array(type(of: element))
        case .map(let value):
            .dictionary(key: .string, value: type(of: value))
        }
    }

    /// The type of a field's stored property: optional, nullable or both.
    func propertyType(of field: FieldDecl) -> TypeName {
        let base = type(of: field.type.value)
        switch field.presence {
        case .required: return base
        case .optional, .nullable, .runtimeFilled, .serverTime: return .optional(base)
        case .optionalNullable: return .optional(.generic(RuntimeNames.nullable, [base]))
        }
    }
}

/// How a field's key may appear in a stored document.
enum Presence {
    /// Present with a value (or absent, when the field has a default).
    case required
    /// May be absent (`optional: true`).
    case optional
    /// Present, may be null (`nullable: true`).
    case nullable
    /// May be absent or null.
    case optionalNullable
    /// An audit field: unset until the runtime fills it.
    case runtimeFilled
    /// A `server_time` field: nil until written, when nil becomes the server's time.
    case serverTime
}

extension FieldDecl {
    var presence: Presence {
        if audit != nil { return .runtimeFilled }
        if serverTime != nil { return .serverTime }
        switch (isOptional, isNullable) {
        case (false, false): return .required
        case (true, false): return .optional
        case (false, true): return .nullable
        case (true, true): return .optionalNullable
        }
    }

    /// The stored property's name: deprecated fields keep their value in an underscored
    /// property, so generated code never touches the deprecated accessor.
    var storageName: String {
        info.deprecation == nil ? swiftName : "_" + swiftName
    }
}
