/// A latitude and longitude in degrees, as Firestore stores them.
public struct GeoPoint: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Degrees north, from -90 to 90.
    public var latitude: Double
    /// Degrees east, from -180 to 180.
    public var longitude: Double

    /// Creates a point.
    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    public var description: String { "(\(latitude), \(longitude))" }
}
