/// A property named by key path, described only when an error needs the text: describing a key
/// path walks type metadata, which costs more than building the rest of a query or update.
struct PropertyName: @unchecked Sendable, CustomStringConvertible {  // key paths are immutable; only described
    let keyPath: AnyKeyPath

    init(_ keyPath: AnyKeyPath) { self.keyPath = keyPath }

    var description: String { "\(keyPath)" }
}
