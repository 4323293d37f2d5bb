import Kafka
import Logging
import PostgresNIO
import ServiceLifecycle

extension IngestionPipeline {
    /// Runs a pipeline (migrations first, then its consumer and dead-letter producer, in a
    /// `ServiceGroup`) on `client`, which must already be running, while `body` runs; then shuts it down
    /// gracefully, so the batch in flight is stored. For embedding: tests and benchmarks.
    public static func whileRunning<Result: Sendable>(
        configuration: BenefitsConfiguration,
        client: PostgresClient,
        logger: Logger,
        onCommitted: (@Sendable (_ events: [IncomingEvent], _ refusals: [Refusal]) -> Void)? = nil,
        _ body: @Sendable (IngestionPipeline) async throws -> Result
    ) async throws -> Result {
        let consumer = try KafkaConsumer(configuration: BenefitsConfiguration.pipelineConsumer(configuration.consumer), logger: logger)
        let producer = try KafkaProducer(configuration: configuration.producer, logger: logger)
        let store = BenefitsStore(client: client, logger: logger, synchronousCommit: configuration.synchronousCommit)
        let pipeline = IngestionPipeline(
            configuration: configuration,
            consumer: consumer,
            producer: producer,
            store: store,
            logger: logger,
            onCommitted: onCommitted
        )
        let services = ServiceGroup(
            configuration: .init(
                services: [.init(service: MigrationsFirst(then: pipeline, logger: logger), successTerminationBehavior: .gracefullyShutdownGroup)],
                logger: logger
            )
        )
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { tasks in
            tasks.addTask { try await services.run() }
            do {
                let result = try await body(pipeline)
                await services.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await services.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }
}
