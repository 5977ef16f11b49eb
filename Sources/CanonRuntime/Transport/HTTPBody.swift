import Foundation

/// A response's body: complete, or arriving in chunks (when the request asked for a streamed
/// response). Read it once, whole with ``collect()`` or chunk by chunk as an async sequence.
public struct HTTPBody: AsyncSequence, Sendable {
    public typealias Element = Data
    public typealias Failure = any Error

    fileprivate enum Content: Sendable {
        case buffered(Data)
        case streamed(any AsyncSequence<Data, any Error> & Sendable)
    }

    private let content: Content

    /// A complete body.
    public init(_ data: Data) { content = .buffered(data) }

    /// A body that arrives as `chunks` yields it.
    public init(chunks: some AsyncSequence<Data, any Error> & Sendable) { content = .streamed(chunks) }

    /// The whole body: at once when it is complete, read to its end when it is arriving.
    public func collect() async throws -> Data {
        switch content {
        case .buffered(let data):
            return data
        case .streamed(let chunks):
            var data = Data()
            for try await chunk in chunks { data.append(chunk) }
            return data
        }
    }

    /// The body when it is complete, nil when it is arriving.
    var bufferedData: Data? {
        if case .buffered(let data) = content { return data }
        return nil
    }

    /// Reads the chunks: one for a complete body, as they arrive for a streamed one.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private enum State {
            case buffered(Data?)
            case streamed(any AsyncIteratorProtocol<Data, any Error>)
        }

        private var state: State

        fileprivate init(_ content: Content) {
            switch content {
            case .buffered(let data): state = .buffered(data.isEmpty ? nil : data)
            case .streamed(let chunks): state = .streamed(chunks.makeAsyncIterator())
            }
        }

        public mutating func next() async throws -> Data? {
            switch state {
            case .buffered(let data):
                state = .buffered(nil)
                return data
            case .streamed(var iterator):
                let chunk = try await iterator.next()
                state = .streamed(iterator)
                return chunk
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(content) }
}
