/// Firestore orders document IDs, collection IDs and map keys by their UTF-8 bytes, not by
/// Swift's `String` comparison (which compares canonically equivalent spellings as equal).
extension String {
    /// Whether `self` comes before `other` in Firestore's order.
    func precedesByBytes(_ other: String) -> Bool { utf8.lexicographicallyPrecedes(other.utf8) }
}

extension Sequence<String> {
    /// The strings in Firestore's order.
    func sortedByBytes() -> [String] { sorted { $0.precedesByBytes($1) } }
}
