/// A query's field path (`size.width`) followed through embedded types and map values: the one
/// resolver behind the validator's checks and the generator's storage paths and indexes.
public struct ResolvedFieldPath: Sendable, Hashable {
    /// The type at the end of the path.
    public var type: FieldType
    /// Whether the last field is nullable.
    public var isNullable: Bool
    /// The storage keys along the path, as documents hold them (`size.w`); map keys as written.
    public var storageKeys: [String]
}

/// Where a field path stops resolving.
public struct UnresolvedFieldPath: Error, Sendable, Hashable {
    /// The component that does not resolve (empty for an empty part, as in `size..width`).
    public var component: String
    /// The field names available where it stopped, for a suggestion.
    public var candidates: [String] = []
    /// Whether the component names a field that was written but rejected, whose error is
    /// reported already.
    public var isReportedAlready = false
}

extension SchemaSet {
    /// Follows `path` (dot-separated schema field names) from `model`. An empty part fails.
    public func resolveFieldPath(_ path: String, in model: ModelDecl) -> Result<ResolvedFieldPath, UnresolvedFieldPath> {
        var current = model
        var resolved: ResolvedFieldPath?
        for component in path.split(separator: ".", omittingEmptySubsequences: false).map(String.init) {
            if component.isEmpty { return .failure(UnresolvedFieldPath(component: component)) }
            if var known = resolved {
                switch known.type {
                case .map(let value):
                    known.type = value
                    known.isNullable = false
                    known.storageKeys.append(component)
                    resolved = known
                    continue
                case .named(let name):
                    guard case .embedded(let decl, _)? = lookup(name) else { return .failure(UnresolvedFieldPath(component: component)) }
                    current = decl
                default:
                    return .failure(UnresolvedFieldPath(component: component))
                }
            }
            guard let field = current.field(named: component) else {
                if current.rejectedFieldNames.contains(component) {
                    return .failure(UnresolvedFieldPath(component: component, isReportedAlready: true))
                }
                return .failure(UnresolvedFieldPath(component: component, candidates: current.fields.map(\.info.name)))
            }
            resolved = ResolvedFieldPath(type: field.type.value, isNullable: field.isNullable,
                                         storageKeys: (resolved?.storageKeys ?? []) + [field.storageKey.value])
        }
        return resolved.map { .success($0) } ?? .failure(UnresolvedFieldPath(component: path))
    }
}

extension QueryDecl.Operator {
    /// The type of this operator's operand on a field of type `field`, or nil when the operator
    /// does not apply to such a field (`in` on a list compares whole lists; `contains` needs a list).
    /// Whether the field can be ordered is a separate question (``isRange``).
    public func operandType(forFieldOf field: FieldType) -> FieldType? {
        switch self {
        case .eq, .ne, .lt, .lte, .gt, .gte:
            return field
        case .in, .notIn:
            if case .array = field { return nil }
            return .array(field)
        case .contains, .containsAny:
            guard case .array(let element) = field else { return nil }
            return self == .contains ? element : .array(element)
        }
    }
}
