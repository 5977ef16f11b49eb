import CanonFirestoreAPI
import Dispatch

/// One input: a request to the local server's API without its HTTP stack. The first byte picks
/// the method and a route shape, bytes up to the first newline are the path's last part, and the
/// rest is the body. Every request must be answered (a document, or a `google.rpc.Status`), never
/// crash or hang, and the API keeps serving. Each input gets a fresh store, so that a saved input
/// reproduces alone.

let routes: [(method: String, prefix: String)] = [
    ("POST", "/v1/projects/fuzz/databases/(default)/documents:"),
    ("POST", "/v1/projects/fuzz/databases/(default)/documents/"),
    ("PATCH", "/v1/projects/fuzz/databases/(default)/documents/rooms/"),
    ("GET", "/v1/projects/fuzz/databases/(default)/documents/rooms/"),
    ("DELETE", "/v1/projects/fuzz/databases/(default)/documents/rooms/"),
    ("POST", "/v1/projects/fuzz/databases/(default)/documents/rooms/a:"),
    ("GET", "/v1/"),
    ("DELETE", "/emulator/v1/projects/fuzz/databases/"),
]
// Not the fault rules' route (`/canon/v1/faults`): a rule that delays every call is its purpose.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzServerRequests(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let route = routes[Int(bytes[0]) % routes.count]
    let rest = bytes.dropFirst()
    let newline = rest.firstIndex(of: 0x0A) ?? rest.endIndex
    let tail = String(decoding: rest[..<newline], as: UTF8.self)
    var path = route.prefix + tail
    var query: [(name: String, value: String)] = []
    if let mark = path.firstIndex(of: "?") {
        query = APIRequest.parseQuery(String(path[path.index(after: mark)...]))
        path = String(path[..<mark])
    }
    let body = newline < rest.endIndex ? Array(rest[rest.index(after: newline)...]) : []
    let request = APIRequest(method: route.method, path: path, query: query, body: body)
    // libFuzzer calls in on its own thread, so waiting here blocks no task executor.
    let done = DispatchSemaphore(value: 0)
    let answer = Answer()
    let api = FirestoreAPI.inMemory()
    Task {
        answer.status = await api.handle(request).status
        done.signal()
    }
    done.wait()
    precondition((200..<600).contains(answer.status), "an answer without an HTTP status")
    return 0
}

/// The status an input's task hands back; the semaphore orders the write before the read.
final class Answer: @unchecked Sendable {
    var status = 0
}
