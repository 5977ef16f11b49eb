import CanonRuntime
import Foundation
import Testing

@Suite("Firestore encoder and decoder")
struct FirestoreCoderTests {
    static let root = "projects/p/databases/(default)/documents"
    static let encoder = FirestoreEncoder(databaseRoot: root)
    static let decoder = FirestoreDecoder(databaseRoot: root)

    struct Numbers: Codable {
        var smallest: Int64
        var largest: Int64
        var unsigned: UInt32
        var nan: Double
        var infinity: Double
        var float: Float
        var date: Date
        var data: Data
        var nested: [[Int]]
        var empty: [String: Int]
        var emptyList: [Bool]
        var optional: String?
    }

    @Test("integers, doubles and Foundation types keep their exact values")
    func numbers() throws {
        let value = Numbers(smallest: .min, largest: .max, unsigned: .max, nan: .nan, infinity: -.infinity, float: 1.5,
                            date: Date(timeIntervalSince1970: 1.25), data: Data([9, 8]), nested: [[1], [], [2, 3]],
                            empty: [:], emptyList: [], optional: nil)
        let fields = try Self.encoder.encodeFields(value)
        #expect(fields["smallest"] == .integer(.min) && fields["largest"] == .integer(.max))
        #expect(fields["unsigned"] == .integer(4_294_967_295))
        #expect(fields["date"] == .timestamp(Timestamp(seconds: 1, nanoseconds: 250_000_000)))
        #expect(fields["data"] == .bytes(Bytes([9, 8])))
        #expect(fields["empty"] == .map([:]) && fields["emptyList"] == .array([]))
        #expect(fields["optional"] == nil)
        let decoded = try Self.decoder.decode(Numbers.self, from: FirestoreDocument(fields: fields))
        #expect(decoded.nan.isNaN)
        var comparable = decoded
        comparable.nan = value.nan
        #expect(comparable.smallest == value.smallest && comparable.nested == value.nested && comparable.data == value.data)
        #expect(comparable.date == value.date && comparable.infinity == value.infinity && comparable.float == value.float)
    }

    @Test("refuses integers beyond Firestore's 64 bits and values of the wrong kind")
    func errors() throws {
        struct Big: Encodable { var value: UInt64 }
        #expect(throws: EncodingError.self) { try Self.encoder.encodeFields(Big(value: .max)) }
        #expect(throws: EncodingError.self) { try Self.encoder.encodeFields("not a map") }
        struct Small: Decodable { var value: Int8 }
        #expect(throws: DecodingError.self) { try Self.decoder.decode(Small.self, from: .map(["value": .integer(300)])) }
        #expect(throws: DecodingError.self) { try Self.decoder.decode(Small.self, from: .map(["value": .string("1")])) }
        #expect(throws: DecodingError.self) { try Self.decoder.decode(Small.self, from: .map([:])) }
        #expect(try Self.decoder.decode(Small.self, from: .map(["value": .double(7)])).value == 7)
    }

    @Test("deep nesting round-trips")
    func deepNesting() throws {
        indirect enum Tree: Codable, Equatable {
            case leaf(Int)
            case node([Tree])
        }
        var tree = Tree.leaf(1)
        for _ in 0..<30 { tree = .node([tree, .leaf(2)]) }
        let value = try Self.encoder.encodeValue(tree)
        #expect(try Self.decoder.decode(Tree.self, from: value) == tree)
    }
}
