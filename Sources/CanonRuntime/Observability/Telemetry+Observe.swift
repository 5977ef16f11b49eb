import Logging
import Metrics
import Tracing

extension Telemetry {
    /// Runs `body` as `operation`: in a client span, timed, counted, and logged with the request
    /// ID of the ``PersistenceContext``. `classify` says how it ended. What no backend receives
    /// (no metrics factory bootstrapped, a span that does not record, a log level above `debug`)
    /// is not built: a call pays for what is recorded.
    func observe<Value>(_ operation: DatabaseOperation, classify: (Result<Value, any Error>) -> OperationOutcome,
                        _ body: () async throws -> Value) async throws -> Value {
        let span = activeTracer.startSpan(operation.spanName, context: InstrumentationContext.current ?? .topLevel, ofKind: .client)
        let recording = span.isRecording
        if recording {
            span.attributes[TelemetryNames.system] = operation.system
            span.attributes[TelemetryNames.namespace] = operation.namespace
            span.attributes[TelemetryNames.operationName] = operation.name
            if let collection = operation.collection { span.attributes[TelemetryNames.collection] = collection }
            if let server = operation.server {
                span.attributes[TelemetryNames.serverAddress] = server.address
                if let port = server.port { span.attributes[TelemetryNames.serverPort] = port }
            }
        }
        let start = ContinuousClock.now
        let result: Result<Value, any Error>
        do {
            if recording {
                result = .success(try await InstrumentationContext.$current.withValue(span.context) { try await body() })
            } else {
                result = .success(try await body())
            }
        } catch {
            result = .failure(error)
        }
        let elapsed = ContinuousClock.now - start
        let outcome = classify(result)
        record(operation, outcome: outcome, elapsed: elapsed)

        if case .failure(let errorType, let statusCode) = outcome, recording {
            span.attributes[TelemetryNames.errorType] = errorType
            if let statusCode { span.attributes[TelemetryNames.statusCode] = statusCode }
            // The type only: an error's description can hold a URL, and so a document's path.
            span.recordError(RecordedError(errorType: errorType))
            span.setStatus(SpanStatus(code: .error))
        }
        span.end()
        log(operation, outcome: outcome, elapsed: elapsed)
        return try result.get()
    }

    /// What a span records of a failure: its `error.type`.
    struct RecordedError: Error, CustomStringConvertible {
        var errorType: String
        var description: String { errorType }
    }

    /// Counts the call and records its duration.
    private func record(_ operation: DatabaseOperation, outcome: OperationOutcome, elapsed: Duration) {
        let factory = metrics
        guard !(factory is NOOPMetricsHandler) else { return }
        var dimensions = operation.dimensions
        Counter(label: TelemetryNames.operations, dimensions: dimensions, factory: factory).increment()
        if case .failure(let errorType, let statusCode) = outcome {
            dimensions.append((TelemetryNames.errorType, errorType))
            if let statusCode { dimensions.append((TelemetryNames.statusCode, statusCode)) }
            Counter(label: TelemetryNames.operationErrors, dimensions: dimensions, factory: factory).increment()
            if errorType == "pool_exhausted" {
                Counter(label: TelemetryNames.connectionTimeouts, dimensions: [(TelemetryNames.poolName, operation.poolName)],
                        factory: factory).increment()
            }
        }
        let timer = Timer(label: TelemetryNames.operationDuration, dimensions: dimensions, factory: factory)
        timer.recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }

    /// One line per call: `trace` when it succeeded, `debug` when it failed (the caller gets the
    /// error and decides what it means).
    private func log(_ operation: DatabaseOperation, outcome: OperationOutcome, elapsed: Duration) {
        let level: Logger.Level = outcome == .success ? .trace : .debug
        guard logger.logLevel <= level else { return }
        var metadata: Logger.Metadata = [
            TelemetryNames.logSystem: .string(operation.system),
            TelemetryNames.logOperation: .string(operation.name),
            TelemetryNames.logDuration: .stringConvertible(elapsed / .milliseconds(1)),
        ]
        if let collection = operation.collection { metadata[TelemetryNames.logCollection] = .string(collection) }
        if let requestID = PersistenceContext.current.requestID { metadata[TelemetryNames.logRequestID] = .string(requestID) }
        if case .failure(let errorType, _) = outcome {
            metadata[TelemetryNames.logError] = .string(errorType)
            logger.debug("database call failed", metadata: metadata)
        } else {
            logger.trace("database call succeeded", metadata: metadata)
        }
    }
}
