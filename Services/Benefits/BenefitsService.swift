import Hummingbird
import Kafka
import Logging
import PostgresNIO
import ServiceLifecycle
import ServiceSupport

/// The benefits service assembled: PostgreSQL client, the migrations, then the Kafka consumer
/// and dead-letter producer and the ingestion pipeline (`MigrationsFirst`), and the HTTP
/// server, in one `ServiceGroup` that shuts down gracefully on SIGTERM/SIGINT (HTTP first, then
/// the pipeline finishes its batch and leaves the group, then the producer flushes and the
/// database clients close).
///
/// Two PostgreSQL pools: `client` for the ingestion, `apiClient` (small, short statement
/// timeout) for the HTTP API, the pages and `/ready`, so that HTTP load cannot starve the
/// pipeline. `ProgressWatchdog` stops the whole group when the pipeline hangs.
package struct BenefitsService: Sendable {
    let configuration: BenefitsConfiguration
    let client: PostgresClient
    let apiClient: PostgresClient
    let store: BenefitsStore
    let pipeline: IngestionPipeline
    /// The coverage change feed's relay, on a connection of its own (`feedClient`): it holds a
    /// transaction while the broker acknowledges a round, which must take neither a lane's
    /// connection nor one of the HTTP side's two.
    let relay: CoverageFeedRelay
    let feedClient: PostgresClient
    /// Parsed here, so that a broken page template stops the start instead of failing requests.
    let pageTemplates: PageTemplates
    private let logger: Logger

    package init(configuration: BenefitsConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        pageTemplates = try PageTemplates.bundled()
        client = PostgresClient(configuration: configuration.database.clientConfiguration, backgroundLogger: logger)
        apiClient = PostgresClient(
            configuration: configuration.api.applied(to: configuration.database).clientConfiguration,
            backgroundLogger: logger
        )
        store = BenefitsStore(client: client, logger: logger, synchronousCommit: configuration.synchronousCommit)
        let consumer = try KafkaConsumer(
            configuration: BenefitsConfiguration.pipelineConsumer(configuration.consumer),
            logger: logger
        )
        let producer = try KafkaProducer(configuration: configuration.producer, logger: logger)
        pipeline = IngestionPipeline(
            configuration: configuration,
            consumer: consumer,
            producer: producer,
            store: store,
            logger: logger
        )
        feedClient = PostgresClient(
            configuration: APIDatabaseSettings(poolSize: 1).applied(to: configuration.database).clientConfiguration,
            backgroundLogger: logger
        )
        relay = CoverageFeedRelay(
            settings: configuration.feed,
            client: feedClient,
            producer: producer,
            retryCap: configuration.retryCap,
            logger: logger
        )
    }

    /// The HTTP application on `BENEFITS_HOST`:`BENEFITS_PORT`.
    func application() -> some ApplicationProtocol {
        let readLimit = configuration.api.readLimit
        let apiStore = BenefitsStore(client: apiClient, logger: logger, readLimit: readLimit)
        let readinessStore = BenefitsStore(client: apiClient, logger: logger)
        let state = pipeline.state
        let router = BenefitsRouter.make(
            coverage: CoverageAPI(store: apiStore, policy: configuration.policy, facilities: configuration.facilities),
            pages: BenefitsPages(
                loader: BenefitsPagesLoader(client: apiClient, policy: configuration.policy, readLimit: readLimit),
                templates: pageTemplates
            ),
            cityCacheLifetime: configuration.cityCacheLifetime,
            readers: configuration.readers,
            schemaReady: { state.snapshot.migrated },
            checks: pipeline.readinessChecks(api: readinessStore) + [ReadinessCheck(name: "feed") { [relay] in relay.problem() }],
            registry: MetricsBootstrap.prometheus()
        )
        return Application(
            router: router,
            server: configuration.http.server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            logger: logger
        )
    }

    /// Everything, in start order (shutdown runs in reverse). `observability` (the span
    /// exporter, when tracing is on) starts first so that it stops last, after the pipeline.
    /// A shutdown is bounded: after `shutdownLimit` what is left is cancelled, and if that takes
    /// as long again the process crashes rather than hang.
    package func serviceGroup(withHTTP: Bool = true, observability: (any Service)? = nil) -> ServiceGroup {
        var services: [any Service] =
            [observability].compactMap { $0 } + [client, apiClient, feedClient, MigrationsFirst(then: pipeline, alongside: [relay], logger: logger)]
        services.append(ProgressWatchdog(pipeline: pipeline, logger: logger))
        if withHTTP { services.append(application()) }
        var group = ServiceGroupConfiguration(
            services: services.map { .together($0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        group.maximumGracefulShutdownDuration = configuration.shutdownLimit
        group.maximumCancellationDuration = configuration.shutdownLimit
        return ServiceGroup(configuration: group)
    }
}
