import Foundation
import Hummingbird
import InsuranceDomain
import Kafka
import Logging
import ServiceLifecycle
import ServiceSupport
import Settings

/// Wires configuration, the Kafka producer and the HTTP API into running services.
package enum EnrollmentService {
    /// The policy book from `POLICY_FILE` (the file both services read, see `PolicyFile`), or
    /// the repository's defaults.
    static func loadPolicy(_ configuration: EnrollmentConfiguration, logger: Logger) throws -> PolicyBook {
        guard let path = configuration.policyFile else { return PolicyBook.bundledDefaults }
        let policy = try PolicyFile.load(path: path, variable: configuration.policyFileVariable)
        logger.info("policy file loaded", metadata: ["variable": "\(configuration.policyFileVariable)", "years": "\(policy.knownYearsText)"])
        return policy
    }

    /// The tokens of `ENROLLMENT_TOKENS_FILE` / `ENROLLMENT_TOKENS`; throws (the service
    /// refuses to start) when there are none and `INSURANCE_DEV_MODE` is not asked for.
    static func loadCredentials(_ configuration: EnrollmentConfiguration, servedOn host: String?, logger: Logger) throws -> CredentialStore {
        try CredentialStore.load(
            tokensFile: configuration.tokensFile,
            tokens: configuration.tokens,
            developmentMode: configuration.developmentMode,
            servedOn: host,
            logger: logger
        )
    }

    /// A producer configured from the environment (`KAFKA_*`), with the publish timeout
    /// as librdkafka's `message.timeout.ms`.
    static func makeProducer(
        _ configuration: EnrollmentConfiguration,
        environment: ServiceEnvironment,
        logger: Logger
    ) throws -> (producer: KafkaProducer, publisher: KafkaEventPublisher, configuration: KafkaProducerConfiguration) {
        // The service's own defaults, which KAFKA_CLIENT_ID and KAFKA_MESSAGE_TIMEOUT_MS override.
        let base = KafkaProducerConfiguration(
            bootstrapServers: configuration.kafkaBootstrapServers,
            clientID: "enrollment-service",
            messageTimeout: configuration.publishTimeout
        )
        let producerConfiguration = try KafkaProducerConfiguration.fromEnvironment(environment, base: base)
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        let publisher = KafkaEventPublisher(producer: producer, messageTimeout: producerConfiguration.messageTimeout)
        return (producer, publisher, producerConfiguration)
    }

    /// Bootstraps process-wide logging at `LOG_LEVEL` (default `info`) and returns the
    /// service's logger; call once, first thing in the executable. `metadataProvider` adds the
    /// trace id to log lines when tracing is on.
    package static func bootstrapLogging(
        environment: ServiceEnvironment = ServiceEnvironment(),
        metadataProvider: Logger.MetadataProvider? = nil
    ) throws -> Logger {
        try LoggingBootstrap.bootstrap(label: "enrollment-service", environment: environment, metadataProvider: metadataProvider)
    }

    /// Runs the HTTP server and the producer until SIGTERM or SIGINT, then shuts down
    /// gracefully: the server stops taking requests first, then the producer flushes, then
    /// `observability` (the span exporter, when tracing is on) exports what is left.
    package static func serve(
        environment: ServiceEnvironment = ServiceEnvironment(),
        logger: Logger,
        observability: (any Service)? = nil
    ) async throws {
        let configuration = try EnrollmentConfiguration.fromEnvironment(environment)
        let policy = try Self.loadPolicy(configuration, logger: logger)
        let credentials = try Self.loadCredentials(configuration, servedOn: configuration.host, logger: logger)
        // Before the producer exists, so that its counters land in the same registry.
        let registry = MetricsBootstrap.prometheus()
        // The producer's own properties bound the event size: the environment is read once
        // (a `KAFKA_PROPERTY_*_FILE` secret included).
        let (producer, publisher, producerConfiguration) = try Self.makeProducer(configuration, environment: environment, logger: logger)
        let maxEventBytes = try EventSizeLimit.resolve(
            configured: configuration.maxEventBytes,
            producerProperties: producerConfiguration.properties
        )
        let api = EnrollmentAPI(
            publisher: publisher,
            credentials: credentials,
            policy: policy,
            topics: configuration.topics,
            limits: IntakeLimits(
                maxBodyBytes: configuration.maxBodyBytes,
                maxBatch: configuration.maxBatch,
                retryAfterSeconds: configuration.retryAfterSeconds,
                maxEventBytes: maxEventBytes,
                eventsPerTypeAndYear: configuration.eventsPerTypeAndYear
            ),
            // The process-wide registry, so that /metrics also shows the Kafka layer's metrics.
            metrics: EnrollmentMetrics(registry: registry),
            logger: logger
        )
        let application = api.makeApplication(
            host: configuration.host,
            port: configuration.port,
            logger: logger,
            http: try HTTPServerSettings.fromEnvironment(environment)
        )
        logger.info(
            "enrollment service starting",
            metadata: [
                "address": "\(configuration.host):\(configuration.port)",
                "maxEventBytes": "\(maxEventBytes)",
                "kafka": "\(configuration.kafkaBootstrapServers)",
                "topics": "\(configuration.topics.enrollments),\(configuration.topics.contributions),\(configuration.topics.bindings)",
            ]
        )
        let services: [any Service] = [observability].compactMap { $0 } + [producer, application]
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}
