import Logging
import MessageTracing
import OTel
import ServiceLifecycle
import ServiceSupport
import Settings
import Tracing

/// Turns on OpenTelemetry tracing when `OTEL_EXPORTER_OTLP_ENDPOINT` is set: spans go by
/// OTLP/HTTP (protobuf unless `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`) to that endpoint
/// (`/v1/traces` is appended), and log lines inside a span carry `trace_id` and `span_id`.
///
/// Off by default: nothing is bootstrapped, the tracing API's no-op tracer stays in place and
/// no record or request gets a trace header. Metrics stay Prometheus and logs stay on stderr;
/// only traces are exported. The other `OTEL_*` variables of the OpenTelemetry specification
/// that swift-otel reads (`OTEL_SERVICE_NAME`, `OTEL_TRACES_SAMPLER`, `OTEL_BSP_*`, …) apply.
public enum TracingSetup {
    /// The one setting that turns tracing on.
    public static let endpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT"

    /// Whether `environment` asks for tracing (an endpoint, and not `OTEL_SDK_DISABLED=true`).
    public static func isRequested(_ environment: ServiceEnvironment) -> Bool {
        guard let endpoint = environment.optionalString(endpointVariable), !endpoint.allSatisfy(\.isWhitespace) else {
            return false
        }
        return environment.optionalString("OTEL_SDK_DISABLED")?.lowercased() != "true"
    }

    /// Adds `trace_id`, `span_id` and `trace_flags` to every log line written inside a span;
    /// `nil` when tracing is off (no lookup per log line then).
    public static func loggingMetadataProvider(_ environment: ServiceEnvironment) -> Logger.MetadataProvider? {
        isRequested(environment) ? OTel.makeLoggingMetadataProvider() : nil
    }

    /// Bootstraps the process-wide tracer and returns the exporter's service, to run first in
    /// the service group (so that it shuts down last and flushes the spans of the others);
    /// `nil` when tracing is off. Call once per process.
    public static func bootstrap(serviceName: String, environment: ServiceEnvironment, logger: Logger) throws -> (any Service)? {
        guard isRequested(environment) else { return nil }
        var configuration = OTel.Configuration.default
        configuration.serviceName = serviceName
        configuration.diagnosticLogger = .custom(logger)
        configuration.diagnosticLogLevel = diagnosticLevel(logger.logLevel)
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        // The OTEL_* variables of the process override these (swift-otel reads them itself).
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(GuardedTracer(backend.factory))
        logger.info(
            "tracing on: spans exported by OTLP/HTTP",
            metadata: [
                "endpoint": "\(environment.string(endpointVariable, default: ""))",
                "protocol": "\(environment.string("OTEL_EXPORTER_OTLP_PROTOCOL", default: "http/protobuf"))",
            ]
        )
        return backend.service
    }

    /// swift-otel's own messages at `LOG_LEVEL` (`OTEL_LOG_LEVEL` overrides).
    static func diagnosticLevel(_ level: Logger.Level) -> OTel.Configuration.LogLevel {
        switch level {
        case .trace: .trace
        case .debug: .debug
        case .info, .notice: .info
        case .warning: .warning
        case .error, .critical: .error
        }
    }
}

extension TracingSetup {
    /// The start of a service executable, in the order it needs: logging at `LOG_LEVEL` (log
    /// lines inside a span carry its ids when tracing is on), then tracing. Returns the service's
    /// logger and the exporter's service (`nil` when tracing is off), to run first in its group.
    /// Call once per process.
    public static func bootstrapService(
        named name: String,
        environment: ServiceEnvironment
    ) throws -> (logger: Logger, observability: (any Service)?) {
        let logger = try LoggingBootstrap.bootstrap(
            label: name,
            environment: environment,
            metadataProvider: loggingMetadataProvider(environment)
        )
        let observability = try bootstrap(serviceName: name, environment: environment, logger: logger)
        return (logger, observability)
    }
}
