import Metrics
import Synchronization

/// A small swift-metrics backend that keeps what the runtime records in memory, so the example
/// can print what it measured. A real service bootstraps swift-otel or swift-prometheus instead.
final class MetricsSummary: MetricsFactory {
    /// One metric: its label and dimensions.
    struct Key: Hashable, Comparable {
        var label: String
        var dimensions: [String]
        static func < (lhs: Key, rhs: Key) -> Bool { (lhs.label, lhs.dimensions.joined()) < (rhs.label, rhs.dimensions.joined()) }
        func value(_ name: String) -> String? {
            dimensions.first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
        }
    }

    private struct Totals {
        var counters: [Key: Int64] = [:]
        var timers: [Key: (count: Int, nanoseconds: Int64)] = [:]
    }

    private let totals = Mutex(Totals())

    /// Counter totals by metric.
    var counters: [Key: Int64] { totals.withLock { $0.counters } }
    /// Timer counts and totals by metric.
    var timers: [Key: (count: Int, nanoseconds: Int64)] { totals.withLock { $0.timers } }

    private static func key(_ label: String, _ dimensions: [(String, String)]) -> Key {
        Key(label: label, dimensions: dimensions.map { "\($0.0)=\($0.1)" })
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        Handler(self, Self.key(label, dimensions))
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        Handler(self, Self.key(label, dimensions))
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        Handler(self, Self.key(label, dimensions))
    }

    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    /// Adds to the totals of one metric.
    final class Handler: CounterHandler, RecorderHandler, TimerHandler {
        let summary: MetricsSummary
        let key: Key
        init(_ summary: MetricsSummary, _ key: Key) {
            self.summary = summary
            self.key = key
        }

        func increment(by amount: Int64) { summary.totals.withLock { $0.counters[key, default: 0] += amount } }
        func reset() {}
        func record(_ value: Int64) {}
        func record(_ value: Double) {}
        func recordNanoseconds(_ duration: Int64) {
            summary.totals.withLock { totals in
                let old = totals.timers[key] ?? (0, 0)
                totals.timers[key] = (old.count + 1, old.nanoseconds + duration)
            }
        }
    }
}
