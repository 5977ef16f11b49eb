import Foundation

/// Splits a streamed top-level JSON array — how `runQuery`, `batchGet` and `runAggregationQuery`
/// answer — into its elements as bytes arrive. The client streams `runQuery` answers through it,
/// so a large result never has to sit in memory whole; the other two answer a bounded request and
/// are read whole.
///
/// Feed chunks in any sizes; each call returns the elements completed by that chunk.
public struct JSONArrayStream: Sendable {
    private enum State: Sendable {
        case beforeArray, betweenElements, inElement, afterArray
    }

    private var state = State.beforeArray
    private var element: [UInt8] = []
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var offset = 0

    /// A stream awaiting its first byte.
    public init() {}

    /// Whether the closing `]` has arrived.
    public var isComplete: Bool {
        if case .afterArray = state { return true }
        return false
    }

    /// Consumes `bytes`; returns the elements they complete, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(FirestoreJSON.ParseError) -> [Data] {
        var completed: [Data] = []
        for byte in bytes {
            defer { offset += 1 }
            switch state {
            case .beforeArray:
                if Self.isSpace(byte) { continue }
                guard byte == UInt8(ascii: "[") else { throw .init(message: "a streamed response is a JSON array", offset: offset) }
                state = .betweenElements
            case .betweenElements:
                if Self.isSpace(byte) || byte == UInt8(ascii: ",") { continue }
                if byte == UInt8(ascii: "]") {
                    state = .afterArray
                    continue
                }
                state = .inElement
                element = []
                depth = 0
                inString = false
                try consume(byte, into: &completed)
            case .inElement:
                try consume(byte, into: &completed)
            case .afterArray:
                guard Self.isSpace(byte) else { throw .init(message: "data after the end of the array", offset: offset) }
            }
        }
        return completed
    }

    private mutating func consume(_ byte: UInt8, into completed: inout [Data]) throws(FirestoreJSON.ParseError) {
        element.append(byte)
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
            }
            return
        }
        switch byte {
        case UInt8(ascii: "\""): inString = true
        case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            depth -= 1
            guard depth >= 0 else { throw .init(message: "unbalanced '\(Character(Unicode.Scalar(byte)))'", offset: offset) }
        default: break
        }
        if depth == 0 {
            // Elements here are objects; an element ends when its outermost brace closes.
            guard element.first == UInt8(ascii: "{") else { throw .init(message: "array elements must be objects", offset: offset) }
            completed.append(Data(element))
            element = []
            state = .betweenElements
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
