import CanonRuntime
import InMemoryLogging
import InMemoryTracing
import Logging
import MetricsTestKit

/// swift-log's, swift-metrics' and swift-distributed-tracing's test backends together, as a
/// ``Telemetry`` a test hands to the runtime and then reads: every log line at trace level, every
/// metric and every finished span.
public struct TelemetryRecorder: Sendable {
    /// The log lines.
    public let logs = InMemoryLogHandler()
    /// The metrics.
    public let metrics = TestMetrics()
    /// The spans.
    public let tracer = InMemoryTracer()

    /// An empty recorder.
    public init() {}

    /// Where the runtime should send what it records.
    public var telemetry: Telemetry {
        var logger = Logger(label: "canon") { [logs] _ in logs }
        logger.logLevel = .trace
        return Telemetry(logger: logger, metricsFactory: metrics, tracer: tracer)
    }
}
