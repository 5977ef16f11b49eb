import Synchronization

/// A failure a test asks the server to produce.
public struct Fault: Sendable {
    /// What the fault does.
    public enum Action: Sendable, Equatable {
        /// Answer with this status (and message) instead of handling the request.
        case fail(RPCCode, message: String? = nil)
        /// Wait, then handle the request as usual.
        case delay(Duration)
        /// Close the connection before a complete answer is sent; the request is not handled.
        case drop
    }

    /// The RPC to affect (`commit`, `get`, `runQuery`, …); nil for every method.
    public var method: String?
    /// What happens to an affected call.
    public var action: Action
    /// How many matching calls to affect; nil for all of them.
    public var times: Int?
    /// The share of matching calls to affect, from 0 to 1.
    public var probability: Double

    /// A fault rule.
    public init(method: String? = nil, action: Action, times: Int? = nil, probability: Double = 1) {
        self.method = method
        self.action = action
        self.times = times
        self.probability = probability
    }
}

/// The faults in force. Rules apply in the order added; the first that matches a call (and
/// wins its probability draw) decides it.
public final class FaultInjector: Sendable {
    private let rules = Mutex<[Fault]>([])
    private let counts = Mutex<[String: Int]>([:])

    /// No faults.
    public init() {}

    /// Adds a rule.
    public func inject(_ fault: Fault) {
        rules.withLock { $0.append(fault) }
    }

    /// Removes every rule.
    public func clear() {
        rules.withLock { $0.removeAll() }
    }

    /// How many calls of a method faults have affected so far.
    public func affectedCalls(_ method: String) -> Int {
        counts.withLock { $0[method, default: 0] }
    }

    func action(for method: String) -> Fault.Action? {
        let action: Fault.Action? = rules.withLock { rules in
            for index in rules.indices where rules[index].method == nil || rules[index].method == method {
                if rules[index].probability < 1, Double.random(in: 0..<1) >= rules[index].probability { continue }
                let action = rules[index].action
                if let times = rules[index].times {
                    if times <= 1 { rules.remove(at: index) } else { rules[index].times = times - 1 }
                }
                return action
            }
            return nil
        }
        if action != nil { counts.withLock { $0[method, default: 0] += 1 } }
        return action
    }
}
