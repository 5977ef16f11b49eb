/// A model (a document with identity, under `models:`) or an embedded type (a value inside a
/// document, under `types:`).
public struct ModelDecl: Sendable {
    /// Which section the declaration comes from.
    public enum Role: String, Sendable, Hashable {
        /// Under `models:`: stored as a document or a Redis value, identified by its `id` field.
        case model
        /// Under `types:`: a value nested in another model.
        case embedded
    }

    /// Name, location, doc and deprecation.
    public var info: DeclarationInfo
    /// Model or embedded type.
    public var role: Role
    /// The fields, in schema order.
    public var fields: [FieldDecl]
    /// Storage keys that no field may use again (`reserved:`).
    public var reservedKeys: [Located<String>]
    /// Fields that were written but could not be decoded; checks that refer to them stay quiet.
    public var rejectedFieldNames: Set<String> = []

    /// The document ID field, if the model declares one.
    public var idField: FieldDecl? { fields.first { $0.isID } }

    /// The field with the given schema name.
    public func field(named name: String) -> FieldDecl? { fields.first { $0.info.name == name } }
}
