import Hummingbird
import Kafka
import Logging
import PostgresNIO
import ServiceLifecycle
import ServiceSupport

/// The benefits service assembled: PostgreSQL client, Kafka consumer and dead-letter producer,
/// the ingestion pipeline and the HTTP server, in one `ServiceGroup` that shuts down gracefully
/// on SIGTERM/SIGINT (HTTP first, then the pipeline finishes its batch and leaves the group,
/// then the producer flushes and the database client closes).
public struct BenefitsService: Sendable {
    public let configuration: BenefitsConfiguration
    public let client: PostgresClient
    public let store: BenefitsStore
    public let pipeline: IngestionPipeline
    private let logger: Logger

    public init(configuration: BenefitsConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        client = PostgresClient(configuration: configuration.database.clientConfiguration, backgroundLogger: logger)
        store = BenefitsStore(client: client, logger: logger, synchronousCommit: configuration.synchronousCommit)
        let consumer = try KafkaConsumer(
            configuration: BenefitsConfiguration.pipelineConsumer(configuration.consumer), logger: logger)
        let producer = try KafkaProducer(configuration: configuration.producer, logger: logger)
        pipeline = IngestionPipeline(
            configuration: configuration, consumer: consumer, producer: producer, store: store, logger: logger)
    }

    /// `/ready`: the database (and the pipeline's last attempt at it) and the broker.
    public var readinessChecks: [ReadinessCheck] {
        let pipeline = self.pipeline
        return [
            ReadinessCheck(name: "database") { await pipeline.isDatabaseReady() },
            ReadinessCheck(name: "broker") { await pipeline.consumer.isBrokerReachable(timeout: .seconds(2)) },
        ]
    }

    /// The HTTP application on `BENEFITS_HOST`:`BENEFITS_PORT`.
    public func application() -> some ApplicationProtocol {
        let router = BenefitsRouter.make(
            coverage: CoverageAPI(store: store, policy: configuration.policy),
            pages: BenefitsPagesLoader(client: client, policy: configuration.policy),
            readers: configuration.readers,
            checks: readinessChecks, registry: MetricsBootstrap.prometheus())
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            logger: logger)
    }

    /// Everything, in start order (shutdown runs in reverse).
    public func serviceGroup(withHTTP: Bool = true) -> ServiceGroup {
        var services: [any Service] = [client, pipeline.producer, pipeline]
        if withHTTP { services.append(application()) }
        return ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                                           failureTerminationBehavior: .gracefullyShutdownGroup) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
    }
}
