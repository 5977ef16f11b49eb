/// One call handed to the engine: commands sent together on one connection and answered in
/// order. Owned by the caller until submitted, then by the engine's thread.
final class RedisCall: @unchecked Sendable {
    typealias Results = [Result<RedisReply, RedisError>]

    let commands: [RedisCommand]
    let timeout: Duration
    let submitted = ContinuousClock.now
    var continuation: CheckedContinuation<Results, any Error>?
    /// Set under the engine's lock by a cancelled task.
    var cancelRequested = false

    // The engine thread's state.
    private var results: [Result<RedisReply, RedisError>?]
    private var received = 0
    /// When the replies are due; set when the call is sent.
    var deadline: ContinuousClock.Instant?
    private(set) var finished = false

    init(commands: [RedisCommand], timeout: Duration) {
        self.commands = commands
        self.timeout = timeout
        results = Array(repeating: nil, count: commands.count)
    }

    /// Records the reply to command `index`; true once the last reply arrived.
    func receive(_ result: Result<RedisReply, RedisError>, at index: Int) -> Bool {
        results[index] = result
        received += 1
        guard received == commands.count else { return false }
        finish(.success(results.map { $0! }))
        return true
    }

    /// Resumes the caller, once; later results are dropped (a call cancelled or timed out
    /// while its replies were still on the way).
    func finish(_ result: Result<Results, any Error>) {
        guard !finished else { return }
        finished = true
        continuation?.resume(with: result)
        continuation = nil
    }
}
