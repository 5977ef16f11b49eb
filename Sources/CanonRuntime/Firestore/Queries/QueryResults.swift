/// Every result of a query, read a page at a time as the sequence is iterated: at most one page
/// is held in memory, and a reader that stops early reads no further page.
///
/// ```swift
/// for try await casefile in casefiles.openCasefilesOfOwner("alice").all() { … }
/// ```
public struct QueryResults<Element: Sendable>: AsyncSequence, Sendable {
    let pageSize: Int?
    let fetch: @Sendable (_ limit: Int?, _ cursor: QueryCursor?) async throws -> QueryPage<Element>

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(sequence: self) }

    /// Reads the next page when the current one is used up.
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        let sequence: QueryResults
        private var page: [Element] = []
        private var index = 0
        private var cursor: QueryCursor?
        private var finished = false

        init(sequence: QueryResults) { self.sequence = sequence }

        public mutating func next() async throws -> Element? {
            while index == page.count {
                guard !finished else { return nil }
                let next = try await sequence.fetch(sequence.pageSize, cursor)
                (page, index, cursor, finished) = (next.items, 0, next.next, next.next == nil)
            }
            defer { index += 1 }
            return page[index]
        }
    }
}
