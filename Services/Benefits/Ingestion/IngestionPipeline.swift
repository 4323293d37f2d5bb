import InsuranceDomain
import Kafka
import Logging
import PostgresNIO
import ServiceLifecycle
import ServiceSupport

/// Kafka → PostgreSQL: validates each record with the domain, stores a batch (events once,
/// refusals, recomputed coverage) in per-person lanes, stores the offsets in the batch's last
/// transaction and then commits the offsets to Kafka.
///
/// No single record or person can stop it: content the database or the computation refuses is
/// isolated to the persons responsible, whose new events are refused (see
/// `IngestionPipeline+Isolation`); a dead letter the broker refuses for good is noted in
/// `rejected_events`; only an unreachable database or broker makes it wait.
///
/// Exactly once in the tables: events are unique per (source, id), refusals per Kafka record,
/// and the offsets stored in each batch's last transaction (after its lanes committed) are
/// where a newly assigned partition resumes, so restarts, rebalances, re-deliveries and
/// database crashes repeat nothing. Dead letters are produced and acknowledged before the
/// batch's offsets are stored, so a crash can only repeat a dead letter, never lose one:
/// `insurance.deadletter.v1` is at-least-once, `rejected_events` exactly-once.
///
/// The pipeline runs (and stops) its consumer itself; run the store's `PostgresClient` and,
/// through `MigrationsFirst`, `producer` and the pipeline after the migrations.
///
/// Its jobs live in their own types: `BatchStages` (two-stage batching), `PartitionHandover`
/// (resuming from stored offsets, handing partitions over), `DatabaseRetry` and `RetryPolicy`
/// (waiting out outages), `DeadLetterSender`; the storing steps are the extensions in `Storing/`.
package final class IngestionPipeline: Service, Sendable {
    let consumer: KafkaConsumer
    let producer: KafkaProducer
    let store: BenefitsStore
    package let state = PipelineState()
    let configuration: BenefitsConfiguration
    let decoder: RecordDecoder
    let recomputation: CoverageRecomputation
    /// Validated histories of the persons stored last (`HistoryCache`), shared by the lanes.
    let histories: HistoryCache
    /// Persons whose events were too much work for the statement timeout (see `DatabaseRetry`).
    let tooMuchWork = TooMuchWork()
    let metrics = PipelineMetrics()
    let retry: DatabaseRetry
    let deadLetters: DeadLetterSender
    let gate = BatchGate()
    let logger: Logger
    let onCommitted: (@Sendable (_ events: [IncomingEvent], _ refusals: [Refusal]) -> Void)?

    /// `onCommitted` is called after each batch's transaction committed (benchmarks measure latency with it).
    init(
        configuration: BenefitsConfiguration,
        consumer: KafkaConsumer,
        producer: KafkaProducer,
        store: BenefitsStore,
        logger: Logger,
        onCommitted: (@Sendable (_ events: [IncomingEvent], _ refusals: [Refusal]) -> Void)? = nil
    ) {
        self.onCommitted = onCommitted
        self.configuration = configuration
        self.consumer = consumer
        self.producer = producer
        self.store = store
        self.decoder = RecordDecoder(policy: configuration.policy)
        self.recomputation = CoverageRecomputation(policy: configuration.policy)
        self.histories = HistoryCache(capacity: configuration.historyCachePersons)
        self.logger = logger
        let policy = RetryPolicy(cap: configuration.retryCap)
        self.retry = DatabaseRetry(
            store: store,
            state: state,
            metrics: metrics,
            policy: policy,
            reachabilityTimeout: configuration.databaseTimeout,
            database: configuration.database,
            logger: logger
        )
        self.deadLetters = DeadLetterSender(
            producer: producer,
            topic: configuration.deadLetterTopic,
            policy: policy,
            wait: configuration.deadLetterWait,
            metrics: metrics,
            logger: logger
        )
    }

    /// Consumes until graceful shutdown; the batch in flight is stored before it returns.
    /// Expects the migrations applied (`MigrationsFirst`).
    package func run() async throws {
        let rebalances = PartitionHandover(
            consumer: consumer,
            store: store,
            retry: retry,
            gate: gate,
            state: state,
            groupID: configuration.groupID,
            logger: logger
        )
        do {
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await self.consumer.run() }
                    group.addTask { try await rebalances.run() }
                    group.addTask { try await self.consumeBatches() }
                    try await group.waitForAll()
                }
            } onGracefulShutdown: {
                self.consumer.triggerGracefulShutdown()
            }
        } catch is CancellationError where Task.isShuttingDownGracefully {
            // A retry (stored offsets after an assignment) given up because the service is
            // shutting down: a clean stop, not a failure for the supervisor.
            return
        }
    }

    private func consumeBatches() async throws {
        do {
            try await BatchStages(gate: gate).run(
                consumer.batches(maxCount: configuration.batchMax, maxWait: configuration.batchWait),
                prepare: { try await self.prepare($0) },
                storeLanes: { try await self.storeLanes($0) },
                finish: { try await self.finishAndCommit($0, $1) }
            )
        } catch {
            try stopped(by: error)
        }
    }

    /// Only a graceful shutdown stops the retries: the records not stored will be read again.
    /// Anything else that stops the pipeline is thrown on, so the service leaves its group and
    /// exits with an error for its supervisor to restart it, rather than live on not consuming.
    /// That includes a `CancellationError` this task was not cancelled for (a closed producer,
    /// a retry given up): returning would leave the consumer running with nobody storing.
    private func stopped(by error: any Error) throws {
        logger.error("pipeline stopped with a batch not stored; it will be read again", metadata: ["error": "\(LogText.escaped("\(error)"))"])
        if Task.isShuttingDownGracefully || (error is CancellationError && Task.isCancelled) { return }
        state.update { $0.stopped = true }
        throw error
    }
}

extension IngestionPipeline {
    /// Runs a pipeline (migrations first, then its consumer and dead-letter producer, in a
    /// `ServiceGroup`) on `client`, which must already be running, while `body` runs; then shuts it down
    /// gracefully, so the batch in flight is stored. For embedding: tests and benchmarks.
    package static func whileRunning<Result: Sendable>(
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
