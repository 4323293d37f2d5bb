import Logging
import ServiceLifecycle
import ServiceSupport
import Settings

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
