// The local Firestore server and the runtime's client over loopback, each next to a baseline
// measured in the same run:
//   server  documents served per second for a get and a 100-document query, with 1 and 16
//           concurrent clients, against the same HTTP stack (Hummingbird) answering a fixed
//           response of the same bytes;
//   client  a loop of gets through the runtime (FirestoreClient: auth header, retry policy,
//           JSON decoding), from a task on the cooperative pool and from one on the transport's
//           executor, against a bare libcurl loop making the same HTTP requests;
//   memory  the server's resident memory for 100,000 small documents;
//   listing  a 100-document page of listDocuments from the middle of a 100,000-document
//           collection, against the same page from a 1,000-document collection (in process);
//   repository  what a generated repository adds over calling the runtime directly for a get, a
//           save and a query page (CasefilesRepository against FirestoreClient + the coder).
//   commit  commits per second of a Casefile-sized masked update through FirestoreClient.commit,
//           against the transport sending the same body, encoded once beforehand; and the time
//           the client's codec takes for that commit's request and response.
//   cache   a cached get of a UserContext (the in-memory cache, and Redis when REDIS_URL is
//           set) against the same get without a cache, through canon-firestore.
//   setup   what a service's unit test pays for its persistence: `withTestPersistence` (a fresh
//           project on the process's shared local server, the container, one write and one read,
//           shutdown), against a test that starts a server of its own for the same work.
//
// usage: FirestoreBenchmark [server|client|memory|listing|repository|commit|cache|setup]... [--seconds S]
import CanonFirestoreServer
@_spi(Generated) import CanonRuntime
import CanonicalModels
import CanonTesting
import CCurl
import CCurlShim
import Foundation
import Hummingbird
import Logging
import NIOCore

let arguments = Array(CommandLine.arguments.dropFirst())
let seconds = arguments.firstIndex(of: "--seconds").flatMap { Double(arguments[$0 + 1]) } ?? 2
let modes = ["server", "client", "memory", "listing", "repository", "commit", "cache", "setup"]
let parts = Set(arguments.filter { modes.contains($0) })
let selected = parts.isEmpty ? Set(modes) : parts

let database = "projects/bench/databases/(default)"
let root = "\(database)/documents"

func post(_ api: FirestoreAPI, _ path: String, _ body: String) async -> APIResponse {
    await api.handle(APIRequest(method: "POST", path: "/v1/\(path)", body: Array(body.utf8)))
}

func field(_ index: Int) -> String {
    #""title":{"stringValue":"Document \#(index)"},"rank":{"integerValue":"\#(index)"},"score":{"doubleValue":\#(Double(index) / 7)},"open":{"booleanValue":\#(index.isMultiple(of: 2))},"tags":{"arrayValue":{"values":[{"stringValue":"a"},{"stringValue":"b"}]}}"#
}

/// Runs `clients` loops for `seconds`; returns requests per second.
func rate(clients: Int, _ call: @escaping @Sendable () async throws -> Void) async throws -> Double {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    let started = ContinuousClock.now
    let count = try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<clients {
            group.addTask {
                var done = 0
                while ContinuousClock.now < deadline {
                    try await call()
                    done += 1
                }
                return done
            }
        }
        return try await group.reduce(0, +)
    }
    let elapsed = ContinuousClock.now - started
    return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

let baselinePort = AsyncStream<Int>.makeStream()

func format(_ value: Double) -> String { String(format: "%9.0f", value) }

// MARK: server

if selected.contains("server") {
    let server = try await FirestoreServer.start()
    var seed = (0..<100).map { #"{"update":{"name":"\#(root)/page/d\#(String(format: "%03d", $0))","fields":{\#(field($0))}}}"# }
    seed.append(#"{"update":{"name":"\#(root)/one/doc","fields":{\#(field(1))}}}"#)
    _ = await post(server.api, "\(root):commit", #"{"writes":[\#(seed.joined(separator: ","))]}"#)
    let getPath = "/v1/\(root)/one/doc"
    let queryBody = #"{"structuredQuery":{"from":[{"collectionId":"page"}],"orderBy":[{"field":{"fieldPath":"rank"}}],"limit":100}}"#
    let getAnswer = await server.api.handle(APIRequest(method: "GET", path: getPath)).bytes
    let queryAnswer = await post(server.api, "\(root):runQuery", queryBody).bytes

    // The same stack answering the same bytes without doing any work.
    let fixed = Application(
        responder: CallbackResponder<BasicRequestContext> { request, _ in
            var request = request
            _ = try await request.collectBody(upTo: 1 << 20)
            let bytes = request.method == .get ? getAnswer : queryAnswer
            return Response(status: .ok, headers: [.contentType: "application/json; charset=UTF-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        },
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in baselinePort.continuation.yield(channel.localAddress?.port ?? 0) },
        logger: { var logger = Logger(label: "baseline"); logger.logLevel = .critical; return logger }())
    let baselineTask = Task { try await fixed.run() }
    var ports = baselinePort.stream.makeAsyncIterator()
    let fixedPort = await ports.next()!

    let transport = CurlTransport(configuration: .init(maximumConcurrentRequests: 64, maximumIdleHandles: 32))
    print("Local Firestore server, documents served per second over loopback (\(seconds) s a row; baseline: Hummingbird answering a fixed response)")
    print("operation                 clients   server    fixed   ratio")
    for (operation, method, path, body, documents) in [
        ("get", "GET", getPath, nil as String?, 1.0),
        ("query (100 documents)", "POST", "/v1/\(root):runQuery", queryBody as String?, 100.0),
    ] {
        for clients in [1, 16] {
            func request(_ port: Int) -> CanonRuntime.HTTPRequest {
                CanonRuntime.HTTPRequest(method: method, url: "http://127.0.0.1:\(port)\(path)",
                            headers: [("Authorization", "Bearer owner"), ("Content-Type", "application/json")], body: body.map { Data($0.utf8) })
            }
            let real = request(server.port), baseline = request(fixedPort)
            let served = try await rate(clients: clients) { _ = try await transport.send(real) } * documents
            let answered = try await rate(clients: clients) { _ = try await transport.send(baseline) } * documents
            print("\(operation.padding(toLength: 24, withPad: " ", startingAt: 0)) \(String(format: "%8d", clients)) \(format(served)) \(format(answered))   \(String(format: "%.2f", served / answered))")
        }
    }
    // The server's own work, without HTTP: how long the API takes to answer in-process.
    for (label, request) in [("get", APIRequest(method: "GET", path: getPath)),
                             ("query (100 documents)", APIRequest(method: "POST", path: "/v1/\(root):runQuery", body: Array(queryBody.utf8)))] {
        let rounds = 2_000
        let start = ContinuousClock.now
        for _ in 0..<rounds { _ = await server.api.handle(request) }
        let each = (ContinuousClock.now - start) / rounds
        print("\(label) answered in-process (no HTTP): \(String(format: "%.1f", Double(each.components.attoseconds) / 1e12)) µs")
    }
    baselineTask.cancel()
    await transport.shutdown()
    await server.stop()
}

// MARK: client

/// A bare libcurl loop: one easy handle, kept-alive connection, the same URL and headers; the
/// body is collected and not parsed.
final class BareCurl: @unchecked Sendable {
    func run(url: String, count: Int) -> Double {
        let handle = curl_easy_init()!
        defer { curl_easy_cleanup(handle) }
        var headers: UnsafeMutablePointer<curl_slist>?
        headers = curl_slist_append(headers, "Authorization: Bearer owner")
        defer { curl_slist_free_all(headers) }
        canon_curl_easy_setopt_string(handle, CURLOPT_URL, url)
        canon_curl_easy_setopt_pointer(handle, CURLOPT_HTTPHEADER, headers)
        canon_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        canon_curl_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        let sink = Sink()
        canon_curl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, { data, size, count, context in
            Unmanaged<Sink>.fromOpaque(context!).takeUnretainedValue().data.append(UnsafeRawPointer(data!).assumingMemoryBound(to: UInt8.self), count: size * count)
            return size * count
        })
        canon_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(sink).toOpaque())
        let started = ContinuousClock.now
        for _ in 0..<count {
            sink.data.removeAll(keepingCapacity: true)
            guard curl_easy_perform(handle) == CURLE_OK else { fatalError("bare libcurl request failed") }
        }
        let elapsed = ContinuousClock.now - started
        return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    final class Sink { var data = Data() }
}

/// Runs `canon-firestore` (built next to this benchmark) in its own process, so the server's
/// threads do not share this process's cooperative pool with the clients being compared.
func startServerProcess() throws -> (Process, String) {
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("canon-firestore")
    let process = Process()
    process.executableURL = executable
    process.arguments = ["--port", "0", "--log-level", "error"]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
    guard let range = line.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else { fatalError("canon-firestore did not start: \(line)") }
    return (process, String(line[range]))
}

if selected.contains("client") {
    let (serverProcess, host) = try startServerProcess()
    defer { serverProcess.terminate() }
    let seedTransport = CurlTransport()
    _ = try await seedTransport.send(CanonRuntime.HTTPRequest(method: "POST", url: "http://\(host)/v1/\(root):commit", body: Data(#"{"writes":[{"update":{"name":"\#(root)/one/doc","fields":{\#(field(1))}}}]}"#.utf8)))
    let configuration = try FirestoreConfiguration.fromEnvironment(projectID: "bench", environment: ["FIRESTORE_EMULATOR_HOST": host])
    let client = FirestoreClient(configuration: configuration)
    let name = "\(root)/one/doc"
    let url = "http://\(host)/v1/\(name)"
    let count = max(500, Int(seconds * 2_000))
    // Warm both paths (connections, caches), then alternate rounds and keep the median.
    _ = try await client.get(name: name)
    _ = BareCurl().run(url: url, count: 100)
    var runtimeRates: [Double] = []
    var transportRates: [Double] = []
    var bareRates: [Double] = []
    let transport = CurlTransport()
    let raw = CanonRuntime.HTTPRequest(url: url, headers: [("Authorization", "Bearer owner")])
    func perSecond(_ elapsed: Duration) -> Double {
        Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    var executorRates: [Double] = []
    for _ in 0..<5 {
        runtimeRates.append(perSecond(try await getLoop(client, name, count)))
        executorRates.append(perSecond(try await withTaskExecutorPreference(client.taskExecutor) { try await getLoop(client, name, count) }))
        let started = ContinuousClock.now
        for _ in 0..<count { _ = try await transport.send(raw) }
        transportRates.append(perSecond(ContinuousClock.now - started))
        bareRates.append(await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: BareCurl().run(url: url, count: count)) }.start()
        })
    }
    let runtime = runtimeRates.sorted()[2], bare = bareRates.sorted()[2], transportOnly = transportRates.sorted()[2]
    let onExecutor = executorRates.sorted()[2]
    let handOff = await handOffRoundTrip()
    print("")
    print("Runtime client against bare libcurl, sequential gets of one document from canon-firestore in its own process (median of 5 rounds of \(count))")
    print("runtime (FirestoreClient.get), from a task on the cooperative pool")
    print("                               \(format(runtime)) requests/s   ratio \(String(format: "%.2f", runtime / bare))")
    print("  the same from a task on the transport's executor (withTaskExecutorPreference(client.taskExecutor))")
    print("                               \(format(onExecutor)) requests/s   ratio \(String(format: "%.2f", onExecutor / bare))   (target: at least 0.80)")
    print("  CurlTransport.send alone     \(format(transportOnly)) requests/s (no auth, retries or decoding; from the main actor)")
    print("bare libcurl loop              \(format(bare)) requests/s")
    // What not blocking Swift's cooperative threads costs at least: a task handing work to
    // another thread and being resumed by it, with no I/O at all.
    let handOffSeconds = Double(handOff.components.attoseconds) / 1e18 + Double(handOff.components.seconds)
    print("thread hand-off round trip     \(String(format: "%9.1f", handOffSeconds * 1e6)) µs, so a non-blocking client tops out near \(String(format: "%.2f", (1 / bare) / (1 / bare + handOffSeconds))) of the bare loop")
    // Transports and clients have a lifecycle: shut down before they go away.
    await client.shutdown()
    await transport.shutdown()
    await seedTransport.shutdown()
}

/// Sequential gets of one document. Not isolated to the main actor like top-level code, so it
/// runs on the cooperative pool, or on the task's preferred executor when it has one.
nonisolated func getLoop(_ client: FirestoreClient, _ name: String, _ count: Int) async throws -> Duration {
    let started = ContinuousClock.now
    for _ in 0..<count { _ = try await client.get(name: name) }
    return ContinuousClock.now - started
}

/// A task hands a job to a dedicated thread, which resumes it: the minimum any client that keeps
/// blocking I/O off the cooperative pool pays per request (median of 5 rounds of 20,000).
func handOffRoundTrip() async -> Duration {
    final class Worker: @unchecked Sendable {
        let condition = NSCondition()
        var pending: [CheckedContinuation<Void, Never>] = []
        init() {
            let thread = Thread { [self] in
                while true {
                    condition.lock()
                    while pending.isEmpty { condition.wait() }
                    let jobs = pending
                    pending.removeAll()
                    condition.unlock()
                    for job in jobs { job.resume() }
                }
            }
            thread.start()
        }
        func submit(_ continuation: CheckedContinuation<Void, Never>) {
            condition.lock()
            pending.append(continuation)
            condition.signal()
            condition.unlock()
        }
    }
    let worker = Worker()
    var rounds: [Duration] = []
    for _ in 0..<5 {
        let start = ContinuousClock.now
        for _ in 0..<20_000 { await withCheckedContinuation { worker.submit($0) } }
        rounds.append((ContinuousClock.now - start) / 20_000)
    }
    return rounds.sorted()[2]
}

// MARK: memory

func residentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kilobytes * 1024
}

if selected.contains("memory") {
    let server = try await FirestoreServer.start()
    let before = residentBytes()
    for batch in 0..<200 {
        let writes = (0..<500).map { index in
            let number = batch * 500 + index
            return #"{"update":{"name":"\#(root)/small/d\#(number)","fields":{"n":{"integerValue":"\#(number)"},"label":{"stringValue":"item \#(number)"},"ok":{"booleanValue":true}}}}"#
        }
        let answer = await post(server.api, "\(root):commit", #"{"writes":[\#(writes.joined(separator: ","))]}"#)
        precondition(answer.status == 200)
    }
    let after = residentBytes()
    print("")
    print("Server memory for \(server.documentCount) small documents (3 fields each): \(String(format: "%.1f", Double(after - before) / 1_048_576)) MiB resident (\((after - before) / max(1, server.documentCount)) bytes a document)")
    await server.stop()
}

// MARK: listing

if selected.contains("listing") {
    let server = try await FirestoreServer.start()
    func seed(_ collection: String, _ count: Int) async {
        for batch in stride(from: 0, to: count, by: 500) {
            let writes = (batch..<min(batch + 500, count)).map { number in
                #"{"update":{"name":"\#(root)/\#(collection)/d\#(String(format: "%06d", number))","fields":{"n":{"integerValue":"\#(number)"}}}}"#
            }
            let answer = await post(server.api, "\(root):commit", #"{"writes":[\#(writes.joined(separator: ","))]}"#)
            precondition(answer.status == 200)
        }
    }
    await seed("few", 1_000)
    await seed("many", 100_000)
    /// Seconds per call for the page of 100 after the document in the middle of the collection.
    func pageTime(_ collection: String, _ count: Int) async -> Double {
        let middle = root + "/\(collection)/d" + String(format: "%06d", count / 2)
        let token = Data(#"[{"referenceValue":"\#(middle)"}]"#.utf8).base64EncodedString()
        let request = APIRequest(method: "GET", path: "/v1/\(root)/\(collection)", query: [("pageSize", "100"), ("pageToken", token)])
        var samples: [Double] = []
        for _ in 0..<5 {
            let start = ContinuousClock.now
            for _ in 0..<200 {
                let answer = await server.api.handle(request)
                precondition(answer.status == 200, "\(answer)")
            }
            let elapsed = ContinuousClock.now - start
            samples.append((Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) / 200)
        }
        return samples.sorted()[2]
    }
    let few = await pageTime("few", 1_000)
    let many = await pageTime("many", 100_000)
    print("")
    print("listDocuments, a 100-document page from the middle of a collection (in process, median of 5 × 200 calls):")
    print(String(format: "  of 100,000 documents %8.1f µs   of 1,000 documents (baseline) %8.1f µs   %.2fx", many * 1e6, few * 1e6, many / few))
    await server.stop()
}

// MARK: repository

/// A client of `canon-firestore` at `host`, the Casefile repository over it, and the encoder.
func casefileSetup(_ host: String) throws -> (FirestoreConfiguration, FirestoreClient, CasefilesRepository, FirestoreEncoder) {
    let configuration = try FirestoreConfiguration.fromEnvironment(projectID: "bench", environment: ["FIRESTORE_EMULATOR_HOST": host])
    let client = FirestoreClient(configuration: configuration)
    return (configuration, client, CasefilesRepository(client: client), FirestoreEncoder(databaseRoot: configuration.documentsRoot))
}

if selected.contains("repository") {
    let (serverProcess, host) = try startServerProcess()
    defer { serverProcess.terminate() }
    let (configuration, client, casefiles, encoder) = try casefileSetup(host)
    let decoder = FirestoreDecoder(databaseRoot: configuration.documentsRoot)
    var casefile = Casefile(id: "cf-bench", title: "Printer on fire", description: String(repeating: "Smoke. ", count: 20), ownerId: "alice",
                            tags: ["hardware", "fire"], metadata: ["ticket": "INC-1"], summary: "A printer caught fire.")
    casefile = try await casefiles.save(casefile)
    for index in 0..<40 { try await casefiles.save(Casefile(id: Casefile.ID(rawValue: "cf-\(index)"), title: "Case \(index)", ownerId: "alice")) }
    let name = client.documentName("casefiles/cf-bench")
    let mask = DocumentMask(fieldPaths: (Casefile.storedKeys ?? []).filter { !["created_at", "created_by", "updated_at"].contains($0) }
        .map { FieldPath([$0]).encoded })
    let query = StructuredQuery(
        from: [.init(collectionId: "casefiles")],
        where: .composite(op: "AND", filters: [
            .field(.init(fieldPath: "owner_id"), op: "EQUAL", value: .string("alice")),
            .field(.init(fieldPath: "status"), op: "IN", value: .array([.string("open"), .string("in_review")])),
        ]),
        orderBy: [.init(field: .init(fieldPath: "updated_at"), direction: "DESCENDING"), .init(field: .init(fieldPath: "__name__"), direction: "DESCENDING")],
        limit: 21)  // a page of 20 reads one more, to know whether another page follows
    let count = max(300, Int(seconds * 600))

    print("")
    print("Generated repository against the runtime called directly, sequential, canon-firestore in its own process (calls interleaved, which goes first alternating; median of 5 rounds of \(count))")
    print("operation      repository     direct   overhead   added per call")
    let operations: [(String, () async throws -> Void, () async throws -> Void)] = [
        ("get", { _ = try await casefiles.get("cf-bench") },
         { _ = try await client.get(name: name).map { try decoder.decode(Casefile.self, from: $0) } }),
        ("save", { _ = try await casefiles.save(casefile) },
         {
             var fields = try encoder.encodeFields(casefile)
             for key in ["created_at", "updated_at", "created_by", "updated_by", "last_request_id"] { fields[key] = nil }
             let response = try await client.commit(writes: [Write(update: FirestoreDocument(name: name, fields: fields), updateMask: mask,
                                                        updateTransforms: [FieldTransform(fieldPath: "updated_at", operation: .setToServerValue)],
                                                        currentDocument: Precondition(exists: true))])
             // The stored creation fields, read back at the version written, as save does.
             _ = try await client.get(name: name, readTime: response.writeResults?.first?.updateTime).map { try decoder.decode(Casefile.self, from: $0) }
         }),
        ("query page", { _ = try await casefiles.openCasefilesOfOwner("alice").page(limit: 20) },
         { _ = try await client.runQuery(query).map { try decoder.decode(Casefile.self, from: $0) } }),
    ]
    for (label, repository, direct) in operations {
        // Interleaved, call by call, so drift on the machine or in the server hits both alike.
        var repositoryRates: [Double] = [], directRates: [Double] = []
        for _ in 0..<5 {
            var viaRepository = Duration.zero, viaRuntime = Duration.zero
            for call in 0..<count {
                // Which goes first alternates: the second call of a pair finds the connection,
                // the server and the caches warmer, which would favour one side.
                let (first, second) = call.isMultiple(of: 2) ? (repository, direct) : (direct, repository)
                let start = ContinuousClock.now
                try await first()
                let middle = ContinuousClock.now
                try await second()
                let end = ContinuousClock.now
                viaRepository += call.isMultiple(of: 2) ? middle - start : end - middle
                viaRuntime += call.isMultiple(of: 2) ? end - middle : middle - start
            }
            func rate(_ total: Duration) -> Double { Double(count) / (Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18) }
            repositoryRates.append(rate(viaRepository))
            directRates.append(rate(viaRuntime))
        }
        let viaRepository = repositoryRates.sorted()[2], viaRuntime = directRates.sorted()[2]
        // The ratio, and the time the repository adds to each call: a faster client shrinks the
        // denominator, so the ratio can rise while the repository's own work does not.
        let added = (1 / viaRepository - 1 / viaRuntime) * 1e6
        print("\(label.padding(toLength: 12, withPad: " ", startingAt: 0)) \(format(viaRepository))/s \(format(viaRuntime))/s   \(String(format: "%+6.1f%%", (viaRuntime / viaRepository - 1) * 100))   \(String(format: "%+7.1f", added)) µs   (target: under 10%)")
    }
    await client.shutdown()
}

// MARK: commit

if selected.contains("commit") {
    let (serverProcess, host) = try startServerProcess()
    defer { serverProcess.terminate() }
    let (configuration, client, casefiles, encoder) = try casefileSetup(host)
    let casefile = try await casefiles.save(Casefile(id: "cf-commit", title: "Printer on fire", description: String(repeating: "Smoke. ", count: 20),
                                                     ownerId: "alice", tags: ["hardware", "fire"], metadata: ["ticket": "INC-1"],
                                                     summary: "A printer caught fire."))
    // The write `save` makes of a Casefile: a masked update with the audit transform.
    var fields = try encoder.encodeFields(casefile)
    for key in ["created_at", "updated_at", "created_by", "updated_by", "last_request_id"] { fields[key] = nil }
    let name = client.documentName("casefiles/cf-commit")
    let write = Write(update: FirestoreDocument(name: name, fields: fields),
                      updateMask: DocumentMask(fieldPaths: fields.keys.sorted().map { FieldPath([$0]).encoded }),
                      updateTransforms: [FieldTransform(fieldPath: "updated_at", operation: .setToServerValue)],
                      currentDocument: Precondition(exists: true))
    let request = CommitRequest(database: configuration.databaseName, writes: [write])
    let body = try commitBody(request)
    let transport = CurlTransport()
    let raw = CanonRuntime.HTTPRequest(method: "POST", url: "http://\(host)/v1/\(root):commit",
                                       headers: [("Accept", "application/json"), ("Content-Type", "application/json"), ("Authorization", "Bearer owner")],
                                       body: body)
    let answer = try await transport.send(raw).body.collect()
    let count = max(300, Int(seconds * 600))
    func perSecond(_ elapsed: Duration) -> Double {
        Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    var clientRates: [Double] = [], transportRates: [Double] = [], codecTimes: [Double] = []
    for _ in 0..<5 {
        var viaClient = Duration.zero, viaTransport = Duration.zero
        for _ in 0..<count {
            let start = ContinuousClock.now
            _ = try await client.commit(writes: [write])
            let middle = ContinuousClock.now
            _ = try await transport.send(raw)
            viaTransport += ContinuousClock.now - middle
            viaClient += middle - start
        }
        clientRates.append(perSecond(viaClient))
        transportRates.append(perSecond(viaTransport))
        let started = ContinuousClock.now
        for _ in 0..<count { _ = try commitRoundTrip(request, answer) }
        codecTimes.append(1e6 / perSecond(ContinuousClock.now - started))
    }
    let viaClient = clientRates.sorted()[2], viaTransport = transportRates.sorted()[2], codec = codecTimes.sorted()[2]
    print("")
    print("A Casefile-sized commit (\(body.count)-byte request), sequential, canon-firestore in its own process (calls interleaved; median of 5 rounds of \(count))")
    print("FirestoreClient.commit         \(format(viaClient)) commits/s   ratio \(String(format: "%.2f", viaClient / viaTransport))")
    print("transport, body encoded once   \(format(viaTransport)) commits/s")
    print("client codec: request + response \(String(format: "%7.1f", codec)) µs a commit")
    await client.shutdown()
    await transport.shutdown()
}

/// The commit's body as `FirestoreClient.commit` writes it.
func commitBody(_ request: CommitRequest) throws -> Data {
    FirestoreJSON.data(for: request)
}

/// Writes the request and reads the answer as `FirestoreClient.commit` does.
func commitRoundTrip(_ request: CommitRequest, _ answer: Data) throws -> Int {
    try commitBody(request).count + (try FirestoreJSON.commitResponse(from: answer).writeResults?.count ?? 0)
}

// MARK: cache

if selected.contains("cache") {
    let (serverProcess, host) = try startServerProcess()
    defer { serverProcess.terminate() }
    let configuration = try FirestoreConfiguration.fromEnvironment(projectID: "bench", environment: ["FIRESTORE_EMULATOR_HOST": host])
    let uncachedClient = FirestoreClient(configuration: configuration)
    let uncached = UserContextsRepository(client: uncachedClient)
    _ = try await uncached.save(UserContext(id: "u-bench", preferences: Preferences(theme: .dark), recentSessions: (0..<5).map {
        RecentSession(sessionId: "s-\($0)", kind: "chat", openedAt: Timestamp(seconds: 1_700_000_000 + Int64($0)))
    }))
    let redis = try ProcessInfo.processInfo.environment["REDIS_URL"].map { RedisClient(configuration: try RedisConfiguration(url: $0)) }
    var caches: [(String, any DocumentCache)] = [("in-memory cache", InMemoryCache())]
    if let redis { caches.append(("Redis cache", RedisCache(client: redis))) }
    let count = max(300, Int(seconds * 1_000))

    print("")
    print("UserContextsRepository.get, cached against uncached, sequential, canon-firestore in its own process (calls interleaved; median of 5 rounds of \(count))")
    print("cache                 cached    uncached    ratio")
    for (label, storage) in caches {
        let cachedClient = FirestoreClient(configuration: configuration, cache: FirestoreCache(cache: storage, collections: CanonSchemaSet.cachedCollections))
        let cached = UserContextsRepository(client: cachedClient)
        _ = try await cached.get("u-bench")  // the first read fills the cache
        var ratios: [(cached: Double, uncached: Double)] = []
        for _ in 0..<5 {
            var viaCache = Duration.zero, direct = Duration.zero
            for call in 0..<count {
                let start = ContinuousClock.now
                if call.isMultiple(of: 2) { _ = try await cached.get("u-bench") } else { _ = try await uncached.get("u-bench") }
                let middle = ContinuousClock.now
                if call.isMultiple(of: 2) { _ = try await uncached.get("u-bench") } else { _ = try await cached.get("u-bench") }
                let end = ContinuousClock.now
                viaCache += call.isMultiple(of: 2) ? middle - start : end - middle
                direct += call.isMultiple(of: 2) ? end - middle : middle - start
            }
            func rate(_ total: Duration) -> Double { Double(count) / (Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18) }
            ratios.append((rate(viaCache), rate(direct)))
        }
        let median = ratios.sorted { $0.cached / $0.uncached < $1.cached / $1.uncached }[2]
        guard let counts = cached.base.cache?.statistics.counts else { fatalError("UserContext is cached by its schema") }
        // A cache that failed would have measured Firestore: every read but the first must hit.
        guard counts.errors == 0, counts.hits >= 5 * count else { fatalError("\(label): \(counts.errors) errors, \(counts.hits) hits") }
        print("\(label.padding(toLength: 18, withPad: " ", startingAt: 0)) \(format(median.cached))/s \(format(median.uncached))/s   \(String(format: "%5.1fx", median.cached / median.uncached))   (\(counts.hits) hits, \(counts.misses) miss)")
        await cachedClient.shutdown()
    }
    await redis?.shutdown()
    await uncachedClient.shutdown()
}

if selected.contains("setup") {
    // One test's work: a create and a read of a casefile.
    @Sendable func work(_ persistence: CanonPersistence) async throws {
        let casefile = try await persistence.casefiles.create(Casefile(title: "T", ownerId: "alice"))
        guard try await persistence.casefiles.get(casefile.id) != nil else { fatalError("the casefile was not stored") }
    }
    let first = ContinuousClock.now
    try await withTestPersistence(schemas: [CanonSchemaSet.self], work)  // starts the shared server
    let firstSetup = ContinuousClock.now - first
    let count = max(20, Int(seconds * 40))
    func milliseconds(_ total: Duration, _ count: Int) -> Double {
        (Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18) * 1000 / Double(count)
    }
    var shared = Duration.zero, own = Duration.zero
    for _ in 0..<count {  // interleaved, so drift on the machine hits both alike
        let start = ContinuousClock.now
        try await withTestPersistence(schemas: [CanonSchemaSet.self], work)
        let middle = ContinuousClock.now
        let server = try await FirestoreServer.start()
        let persistence = try CanonPersistence(configuration: .emulator(server.emulatorHost), schemas: [CanonSchemaSet.self])
        try await work(persistence)
        await persistence.shutdown()
        await server.stop()
        let end = ContinuousClock.now
        shared += middle - start
        own += end - middle
    }
    print("")
    print("a unit test's persistence (withTestPersistence), with one create and one read, against a server started for the test (\(count) each, interleaved)")
    print(String(format: "withTestPersistence %8.2f ms a test (the first, which starts the shared server: %.2f ms)", milliseconds(shared, count), milliseconds(firstSetup, 1)))
    print(String(format: "own server          %8.2f ms a test", milliseconds(own, count)))
    print(String(format: "ratio               %8.2f", milliseconds(shared, count) / milliseconds(own, count)))
}
