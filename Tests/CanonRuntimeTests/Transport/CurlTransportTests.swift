import CanonRuntime
import Foundation
import Testing

@Suite("libcurl transport")
struct CurlTransportTests {
    @Test("reports the linked libcurl")
    func library() {
        #expect(CurlLibrary.initialized)
        #expect(CurlLibrary.version.split(separator: ".").count >= 2)
    }

    @Test("sends requests over real sockets and reuses the kept-alive connection")
    func keepAlive() async throws {
        let server = try TinyHTTPServer()
        try await withTransport { transport in
            let url = "http://127.0.0.1:\(server.port)"
            let first = try await transport.send(HTTPRequest(url: url + "/one", headers: [("Authorization", "Bearer owner")]))
            #expect(first.status == 200)
            #expect(String(decoding: try await first.body.collect(), as: UTF8.self) == "you sent GET /one HTTP/1.1")
            #expect(first.header("x-test") == "yes")
            let second = try await transport.send(HTTPRequest(method: "POST", url: url + "/two", body: Data("{}".utf8)))
            #expect(String(decoding: try await second.body.collect(), as: UTF8.self) == "you sent POST /two HTTP/1.1")
            #expect(server.acceptedConnections == 1, "the second request reused the first connection")
        }
    }

    @Test("serves concurrent requests")
    func concurrent() async throws {
        let server = try TinyHTTPServer()
        try await withTransport { transport in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<16 {
                    group.addTask { try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(server.port)/\(index)")).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 16))
            #expect(Set(server.receivedRequests).count == 16)
        }
    }

    @Test("tells a refused connection from other failures")
    func refused() async throws {
        try await withTransport { transport in
            await #expect(throws: TransportError.connectionRefused(url: "http://127.0.0.1:1/")) {
                _ = try await transport.send(HTTPRequest(url: "http://127.0.0.1:1/", timeout: .seconds(5)))
            }
        }
    }

    @Test("reads non-HTTP URLs too (file:)")
    func file() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("canon-curl-\(UUID().uuidString)").path
        try Data("contents".utf8).write(to: URL(fileURLWithPath: path))
        let response = try await withTransport { try await $0.send(HTTPRequest(url: "file://" + path)) }
        #expect(String(decoding: try await response.body.collect(), as: UTF8.self) == "contents")
    }
}

@Suite("libcurl transport limits", .serialized)
struct CurlTransportLimitTests {
    /// Counts requests the server is handling at once.
    final class Gauge: @unchecked Sendable {
        private let lock = NSLock()
        private var current = 0
        private(set) var peak = 0
        func enter() { lock.lock(); current += 1; peak = max(peak, current); lock.unlock() }
        func leave() { lock.lock(); current -= 1; lock.unlock() }
    }

    @Test("runs at most the configured number of requests at once")
    func concurrencyLimit() async throws {
        let gauge = Gauge()
        let server = try TinyHTTPServer { _ in
            gauge.enter()
            Thread.sleep(forTimeInterval: 0.05)
            gauge.leave()
            return (200, Data("ok".utf8))
        }
        try await withTransport(.init(maximumConcurrentRequests: 2)) { transport in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<8 {
                    group.addTask { _ = try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(server.port)/\(index)")) }
                }
                try await group.waitForAll()
            }
            #expect(gauge.peak <= 2)
            #expect(server.receivedRequests.count == 8)
        }
    }

    @Test("fails a request that waits too long for a slot")
    func acquireTimeout() async throws {
        let server = try TinyHTTPServer { _ in
            Thread.sleep(forTimeInterval: 0.5)
            return (200, Data())
        }
        try await withTransport(.init(maximumConcurrentRequests: 1, acquireTimeout: .milliseconds(50))) { transport in
            let url = "http://127.0.0.1:\(server.port)/slow"
            async let slow = transport.send(HTTPRequest(url: url))
            try await Task.sleep(for: .milliseconds(100))
            await #expect(throws: TransportError.poolExhausted(url: url)) { _ = try await transport.send(HTTPRequest(url: url)) }
            #expect(try await slow.status == 200)
        }
    }

    @Test("closes connections idle for longer than allowed")
    func idleEviction() async throws {
        let server = try TinyHTTPServer()
        try await withTransport(.init(maximumIdleTime: .milliseconds(500))) { transport in
            let url = "http://127.0.0.1:\(server.port)/"
            _ = try await transport.send(HTTPRequest(url: url))
            _ = try await transport.send(HTTPRequest(url: url))
            #expect(server.acceptedConnections == 1)
            try await Task.sleep(for: .milliseconds(1200))
            _ = try await transport.send(HTTPRequest(url: url))
            #expect(server.acceptedConnections == 2, "the idle handle was closed, so a new connection was made")
        }
    }

    /// 64 MiB of a pattern with a prime period, so that a lost or reordered chunk shows: more than
    /// every buffer between the server and the reader can hold (the transport's 1 MiB, the
    /// server's send buffer, and the client's receive buffer, which Linux grows to at most
    /// `net.ipv4.tcp_rmem`'s maximum: 32 MiB on these machines).
    static let bigPayload: Data = {
        let block = Data((0..<65_521).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        var payload = Data(capacity: 64 << 20)
        while payload.count < 64 << 20 { payload.append(block.prefix((64 << 20) - payload.count)) }
        return payload
    }()

    @Test("streams a large body in chunks; a reader that stops pauses the transfer, which resumes without losing a byte")
    func streamingWithBackpressure() async throws {
        let payload = Self.bigPayload
        let server = try TinyHTTPServer { request in (200, request.path == "/big" ? payload : Data("small".utf8)) }
        try await withTransport { transport in
            let response = try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(server.port)/big", streamsResponse: true))
            #expect(response.status == 200)
            var iterator = response.body.makeAsyncIterator()
            var received = try #require(try await iterator.next())
            // The reader stops: the transfer must stop too, short of the whole body, and stay stopped.
            // Wait until the buffers have filled (nothing sent for 300 ms), however loaded the machine.
            var stalled = server.bytesSent
            var quiet = 0
            let deadline = ContinuousClock.now + .seconds(10)
            while quiet < 3, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                let now = server.bytesSent
                quiet = now == stalled ? quiet + 1 : 0
                stalled = now
            }
            #expect(stalled < payload.count, "the server could not send everything while nobody read")
            try await Task.sleep(for: .milliseconds(300))
            #expect(server.bytesSent == stalled, "nothing more went out while the reader waited")
            var chunks = 1
            while let chunk = try await iterator.next() {
                received.append(chunk)
                chunks += 1
            }
            #expect(chunks > 1)
            #expect(received == payload)
            // The transport is still usable afterwards.
            #expect(try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(server.port)/small")).status == 200)
        }
    }

    @Test("dropping a streamed body early stops the transfer and closes its connection")
    func streamingStopsEarly() async throws {
        let payload = Self.bigPayload
        let server = try TinyHTTPServer { request in (200, request.path == "/big" ? payload : Data("small".utf8)) }
        // One slot: if the abandoned transfer kept running, the next request could not start.
        try await withTransport(.init(maximumConcurrentRequests: 1, acquireTimeout: .seconds(5))) { transport in
            let response = try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(server.port)/big", streamsResponse: true))
            var iterator = response.body.makeAsyncIterator()
            _ = try await iterator.next()
            _ = consume iterator
            // Still answers promptly: the abandoned transfer does not hold the transport.
            let next = try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(server.port)/after"))
            #expect(next.status == 200)
            // The abandoned transfer's connection was closed, its body not sent to the end.
            let deadline = ContinuousClock.now + .seconds(5)
            while server.closedConnections == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(server.closedConnections >= 1)
            #expect(server.bytesSent < payload.count, "the first body stopped short (the second answer is a few bytes)")
        }
    }

    @Test("a streamed request to a closed port fails before any head arrives")
    func streamingRefused() async throws {
        await #expect(throws: TransportError.connectionRefused(url: "http://127.0.0.1:1/")) {
            _ = try await withTransport { try await $0.send(HTTPRequest(url: "http://127.0.0.1:1/", streamsResponse: true)) }
        }
    }

    @Test("shutdown lets the request in flight finish, refuses new ones with a typed error, and stops the thread")
    func shutdown() async throws {
        let server = try TinyHTTPServer { _ in
            Thread.sleep(forTimeInterval: 0.3)
            return (200, Data("late".utf8))
        }
        let transport = CurlTransport()
        let url = "http://127.0.0.1:\(server.port)/slow"
        async let inFlight = transport.send(HTTPRequest(url: url))
        while server.receivedRequests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        let stopping = Task { await transport.shutdown() }
        while transport.state == .running { try await Task.sleep(for: .milliseconds(5)) }
        await #expect(throws: TransportError.shutDown(url: url)) { _ = try await transport.send(HTTPRequest(url: url)) }
        let answer = try await inFlight
        let body = try await answer.body.collect()
        #expect(answer.status == 200 && String(decoding: body, as: UTF8.self) == "late")
        await stopping.value
        #expect(transport.state == .shutDown)
        await transport.shutdown()  // again: already done
        await #expect(throws: TransportError.shutDown(url: url)) { _ = try await transport.send(HTTPRequest(url: url)) }
        #expect(server.receivedRequests.count == 1)
    }

    @Test("run() serves until its task is cancelled, then shuts the transport down")
    func runUntilCancelled() async throws {
        let server = try TinyHTTPServer()
        let transport = CurlTransport()
        let running = Task { await transport.run() }
        defer { running.cancel() }
        #expect(try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(server.port)/")).status == 200)
        running.cancel()
        await running.value
        #expect(transport.state == .shutDown)
    }

    @Test("a task cancelled before it sends never sends")
    func cancelledBeforeSending() async throws {
        let server = try TinyHTTPServer()
        try await withTransport { transport in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(server.port)/never"))
            }
            await #expect(throws: CancellationError.self) { try await task.value }
            _ = try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(server.port)/after"))
            #expect(server.receivedRequests == ["GET /after HTTP/1.1"])
        }
    }

    @Test("tasks that prefer the transport's executor run on its thread, their requests and child tasks too", .enabled(if: threadNamesReadable))
    func taskExecutor() async throws {
        let server = try TinyHTTPServer()
        try await withTransport { transport in
            let url = "http://127.0.0.1:\(server.port)"
            let threads = try await withTaskExecutorPreference(transport.taskExecutor) {
                var threads = [currentThreadName()]
                for index in 0..<20 {
                    let response = try await transport.send(HTTPRequest(url: url + "/\(index)"))
                    #expect(String(decoding: try await response.body.collect(), as: UTF8.self) == "you sent GET /\(index) HTTP/1.1")
                    threads.append(currentThreadName())
                }
                try await withThrowingTaskGroup(of: String.self) { group in
                    for index in 0..<8 {
                        group.addTask {
                            let response = try await transport.send(HTTPRequest(url: url + "/child\(index)"))
                            #expect(response.status == 200)
                            return currentThreadName()
                        }
                    }
                    for try await thread in group { threads.append(thread) }
                }
                return threads
            }
            #expect(threads.count == 29)
            #expect(Set(threads) == ["canon.curl"])
            #expect(currentThreadName() != "canon.curl")
        }
    }

    @Test("a task that prefers the executor of a transport that was shut down carries on elsewhere", .enabled(if: threadNamesReadable))
    func taskExecutorOutlivesTransport() async throws {
        let transport = CurlTransport()
        let executor = transport.taskExecutor
        let (started, start) = AsyncStream<String>.makeStream()
        let (signal, release) = AsyncStream<Void>.makeStream()
        let task = Task(executorPreference: executor) {
            start.yield(currentThreadName())
            for await _ in signal {}
            return currentThreadName()
        }
        var events = started.makeAsyncIterator()
        #expect(await events.next() == "canon.curl")
        await transport.shutdown()  // its thread stops
        var stopped = false
        for _ in 0..<200 where !stopped {
            stopped = await Task(executorPreference: executor) { currentThreadName() }.value != "canon.curl"
            if !stopped { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(stopped)
        release.finish()
        #expect(await task.value != "canon.curl")
    }
}

/// Runs `body` with a transport, and shuts it down however `body` ends.
@discardableResult
private func withTransport<Result>(_ configuration: CurlTransport.Configuration = .init(),
                                   _ body: (CurlTransport) async throws -> Result) async throws -> Result {
    let transport = CurlTransport(configuration: configuration)
    do {
        let result = try await body(transport)
        await transport.shutdown()
        return result
    } catch {
        await transport.shutdown()
        throw error
    }
}

/// Whether `currentThreadName()` can tell threads apart here (Linux's /proc).
private let threadNamesReadable = FileManager.default.fileExists(atPath: "/proc/thread-self/comm")

