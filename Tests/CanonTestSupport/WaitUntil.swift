/// Waits until `condition` holds, checking every 10 ms for at most `seconds`; returns whether it
/// came to hold (tests `#expect` the result). A bounded loop: it stops by itself.
public func waitUntil(seconds: Int = 5, _ condition: () -> Bool) async throws -> Bool {
    for _ in 0..<(seconds * 100) {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
