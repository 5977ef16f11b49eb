import Logging
import Metrics
import Tracing

/// Where the runtime's logs, metrics and traces go: a logger, and optionally a metrics factory
/// and a tracer of the caller's. Without them, metrics go to the factory bootstrapped in
/// `MetricsSystem` and spans to the tracer active at the call (`InstrumentationSystem.tracer`,
/// which honours a task-local `withTracer`), as swift-metrics and swift-distributed-tracing
/// intend; a service that bootstraps neither pays for no-ops.
///
/// Names follow OpenTelemetry's database-client conventions; `docs/Observability.md` lists them.
public struct Telemetry: Sendable {
    /// Receives the runtime's log lines: `trace` and `debug` on the normal path, and `warning`
    /// only for what an operator should act on (a circuit breaker opening).
    public var logger: Logger
    /// Receives metrics; nil for `MetricsSystem.factory`.
    public var metricsFactory: (any MetricsFactory)?
    /// Receives spans; nil for the tracer active at each call.
    public var tracer: (any Tracer)?

    /// Creates a telemetry destination.
    public init(logger: Logger = Logger(label: "canon"), metricsFactory: (any MetricsFactory)? = nil, tracer: (any Tracer)? = nil) {
        self.logger = logger
        self.metricsFactory = metricsFactory
        self.tracer = tracer
    }

    /// The factory metrics are made with now.
    var metrics: any MetricsFactory { metricsFactory ?? MetricsSystem.factory }
    /// The tracer spans start on now.
    var activeTracer: any Tracer { tracer ?? InstrumentationSystem.tracer }
}
