import Foundation
import Hummingbird
import InsuranceDomain
import Kafka
import Logging
import ServiceLifecycle
import ServiceSupport

/// Wires configuration, the Kafka producer and the HTTP API into running services.
public enum EnrollmentService {
    /// The policy book from `POLICY_FILE` (the file both services read, see `PolicyFile`), or
    /// the repository's defaults.
    public static func loadPolicy(_ configuration: EnrollmentConfiguration, logger: Logger) throws -> PolicyBook {
        guard let path = configuration.policyFile else { return PolicyBook.bundledDefaults }
        let policy = try PolicyFile.load(path: path, variable: configuration.policyFileVariable)
        logger.info("policy file loaded", metadata: ["variable": "\(configuration.policyFileVariable)", "years": "\(policy.knownYearsText)"])
        return policy
    }

    /// The tokens of `ENROLLMENT_TOKENS_FILE` / `ENROLLMENT_TOKENS`; throws (the service
    /// refuses to start) when there are none and `INSURANCE_DEV_MODE` is not asked for.
    public static func loadCredentials(_ configuration: EnrollmentConfiguration, servedOn host: String?, logger: Logger) throws -> CredentialStore {
        try CredentialStore.load(
            tokensFile: configuration.tokensFile, tokens: configuration.tokens,
            developmentMode: configuration.developmentMode, servedOn: host, logger: logger
        )
    }

    /// A producer configured from the environment (`KAFKA_*`), with the publish timeout
    /// as librdkafka's `message.timeout.ms`.
    public static func makeProducer(
        _ configuration: EnrollmentConfiguration,
        environment: [String: String],
        logger: Logger
    ) throws -> (KafkaProducer, KafkaEventPublisher) {
        var producerConfiguration = try KafkaProducerConfiguration.fromEnvironment(environment)
        producerConfiguration.bootstrapServers = configuration.kafkaBootstrapServers
        if environment["KAFKA_CLIENT_ID"] == nil { producerConfiguration.clientID = "enrollment-service" }
        if environment["KAFKA_MESSAGE_TIMEOUT_MS"] == nil {
            producerConfiguration.messageTimeoutMilliseconds = Int(configuration.publishTimeout.milliseconds)
        }
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        let publisher = KafkaEventPublisher(
            producer: producer,
            messageTimeout: .milliseconds(producerConfiguration.messageTimeoutMilliseconds)
        )
        return (producer, publisher)
    }

    /// Bootstraps process-wide logging at `LOG_LEVEL` (default `info`) and returns the
    /// service's logger; call once, first thing in the executable.
    public static func bootstrapLogging(environment: [String: String]) throws -> Logger {
        try LoggingBootstrap.bootstrap(label: "enrollment-service", environment: ServiceEnvironment(environment))
    }

    /// Runs the HTTP server and the producer until SIGTERM or SIGINT, then shuts down
    /// gracefully: the server stops taking requests first, then the producer flushes.
    public static func serve(environment: [String: String], logger: Logger) async throws {
        let configuration = try EnrollmentConfiguration(environment: environment)
        let policy = try Self.loadPolicy(configuration, logger: logger)
        let credentials = try Self.loadCredentials(configuration, servedOn: configuration.host, logger: logger)
        // Before the producer exists, so that its counters land in the same registry.
        let registry = MetricsBootstrap.prometheus()
        let (producer, publisher) = try Self.makeProducer(configuration, environment: environment, logger: logger)
        let maxEventBytes = try EventSizeLimit.resolve(
            configured: configuration.maxEventBytes,
            producerProperties: try KafkaProducerConfiguration.fromEnvironment(environment).properties)
        let api = EnrollmentAPI(
            publisher: publisher,
            credentials: credentials,
            policy: policy,
            topics: configuration.topics,
            limits: IntakeLimits(
                maxBodyBytes: configuration.maxBodyBytes,
                maxBatch: configuration.maxBatch,
                retryAfterSeconds: configuration.retryAfterSeconds,
                maxEventBytes: maxEventBytes
            ),
            // The process-wide registry, so that /metrics also shows the Kafka layer's metrics.
            metrics: EnrollmentMetrics(registry: registry),
            logger: logger
        )
        let application = api.makeApplication(
            host: configuration.host, port: configuration.port, logger: logger,
            http: try HTTPServerSettings.fromEnvironment(ServiceEnvironment(environment)))
        logger.info(
            "enrollment service starting",
            metadata: [
                "address": "\(configuration.host):\(configuration.port)",
                "maxEventBytes": "\(maxEventBytes)",
                "kafka": "\(configuration.kafkaBootstrapServers)",
                "topics": "\(configuration.topics.enrollments),\(configuration.topics.contributions),\(configuration.topics.bindings)",
            ]
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: producer), .init(service: application)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}
