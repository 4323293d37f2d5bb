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
/// The pipeline runs (and stops) its consumer itself; run `producer` and the store's
/// `PostgresClient` as services of the same group, before it.
public final class IngestionPipeline: Service, Sendable {
    public let consumer: KafkaConsumer
    public let producer: KafkaProducer
    public let store: BenefitsStore
    public let state = PipelineState()
    let configuration: BenefitsConfiguration
    let decoder: RecordDecoder
    let recomputation: CoverageRecomputation
    private let gate = BatchGate()
    let metrics = PipelineMetrics()
    let logger: Logger
    private let onCommitted: (@Sendable (_ events: [IncomingEvent], _ refusals: [Refusal]) -> Void)?

    /// `onCommitted` is called after each batch's transaction committed (benchmarks measure latency with it).
    public init(
        configuration: BenefitsConfiguration, consumer: KafkaConsumer, producer: KafkaProducer, store: BenefitsStore,
        logger: Logger, onCommitted: (@Sendable (_ events: [IncomingEvent], _ refusals: [Refusal]) -> Void)? = nil
    ) {
        self.onCommitted = onCommitted
        self.configuration = configuration
        self.consumer = consumer
        self.producer = producer
        self.store = store
        self.decoder = RecordDecoder(policy: configuration.policy)
        self.recomputation = CoverageRecomputation(policy: configuration.policy)
        self.logger = logger
    }

    /// Applies migrations (retried while the database is unreachable), then consumes until
    /// graceful shutdown; the batch in flight is stored before it returns.
    public func run() async throws {
        do {
            _ = try await retrying("apply migrations") {
                try await Migrator(migrations: try Migration.bundled()).migrate(self.store.client)
            }
            state.update { $0.migrated = true }
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await self.consumer.run() }
                    group.addTask { try await self.handleRebalances() }
                    group.addTask { try await self.consumeBatches() }
                    try await group.waitForAll()
                }
            } onGracefulShutdown: {
                self.consumer.triggerGracefulShutdown()
            }
        } catch is CancellationError where Task.isShuttingDownGracefully {
            // A retry (migrations, stored offsets after an assignment) given up because the
            // service is shutting down: a clean stop, not a failure for the supervisor.
            return
        }
    }

    /// Whether the database answered the last attempt and answers now (for `/ready`).
    public func isDatabaseReady() async -> Bool {
        let snapshot = state.snapshot
        guard snapshot.migrated, snapshot.databaseAvailable, !snapshot.stopped else { return false }
        return await store.isReachable(within: configuration.databaseTimeout)
    }

    // MARK: Rebalances

    private func handleRebalances() async throws {
        for await event in consumer.events {
            switch event {
            case .assigned(let partitions):
                // The offsets stored with the data are the truth; Kafka's committed ones may lag behind.
                let stored = try await retrying("read stored offsets") {
                    try await self.store.offsets(group: self.configuration.groupID)
                }
                let seeks = partitions.compactMap { partition in
                    stored[TopicPartition(topic: partition.topic, partition: partition.partition)]
                        .map { KafkaTopicPartitionOffset(partition, offset: $0) }
                }
                do {
                    try await consumer.seek(seeks)
                } catch {
                    logger.error("seek to stored offsets failed", metadata: ["kafka.error": "\(LogText.escaped("\(error)"))"])
                }
                logger.info("partitions assigned", metadata: [
                    "partitions": "\(partitions.count)", "resumedFromDatabase": "\(seeks.count)",
                ])
            case .revoked(let partitions):
                await gate.waitUntilIdle()
                logger.info("partitions revoked", metadata: ["partitions": "\(partitions.count)"])
            }
        }
    }

    // MARK: Batches

    /// Two stages so that validation of the next batch overlaps the database work of the
    /// previous one; transactions still commit one at a time, in order.
    private func consumeBatches() async throws {
        let metrics = self.metrics
        var storing: Task<Void, any Error>?
        defer { storing?.cancel() }
        for await messages in consumer.batches(maxCount: configuration.batchMax, maxWait: configuration.batchWait) {
            await gate.begin()
            do {
                let prepared = try await prepare(messages)
                try await storing?.value
                storing = Task {
                    do {
                        try await self.storeAndCommit(prepared, metrics: metrics)
                        await self.gate.end()
                    } catch {
                        await self.gate.end()
                        throw error
                    }
                }
            } catch {
                await gate.end()
                return try stopped(by: error)
            }
        }
        do {
            try await storing?.value
        } catch {
            try stopped(by: error)
        }
    }

    /// Only a graceful shutdown stops the retries: the records not stored will be read again.
    /// Anything else that stops the pipeline is thrown on, so the service leaves its group and
    /// exits with an error for its supervisor to restart it, rather than live on not consuming.
    private func stopped(by error: any Error) throws {
        logger.error("pipeline stopped with a batch not stored; it will be read again", metadata: ["error": "\(LogText.escaped("\(error)"))"])
        if Task.isShuttingDownGracefully || error is CancellationError { return }
        state.update { $0.stopped = true }
        throw error
    }

    /// The batch's lanes in parallel, one transaction each (each retried while the database is
    /// unreachable, and split by person when its content is refused: `storeIsolating`), then
    /// the family-account limit and the offsets in one last transaction, then the Kafka commit.
    private func storeAndCommit(_ prepared: PreparedBatch, metrics: PipelineMetrics) async throws {
        let trace = BatchTrace.start(prepared.messages, group: configuration.groupID)
        defer { trace.end() }
        // One deadline-bounded check per batch; the steps below, milliseconds later, skip theirs
        // unless they have to retry.
        try await retrying("reach the database") {}
        // Here rather than in `prepare`: the previous batch, stored meanwhile, may hold the first copy.
        let checked = try await refusingChangedCopies(prepared)
        let known = checked.known
        let batch = checked.batch
        let lanes = batch.lanes(configuration.databaseLanes)
        // Lanes commit asynchronously (`synchronous_commit = off`): a PostgreSQL crash may lose
        // commits it had acknowledged. Whenever the database was unreachable after a lane
        // committed, the lanes run again (idempotent) before the offsets are stored, so
        // offsets never move past effects a crash took away.
        var outcome = IngestOutcome()
        var relinked = 0
        var deadLettersSent = false
        while true {
            let outagesBefore = state.snapshot.databaseOutages
            outcome = try await withThrowingTaskGroup(of: IngestOutcome.self) { group in
                for lane in lanes {
                    group.addTask { try await self.storeIsolating(lane, known: known, messages: prepared.messages) }
                }
                return try await group.reduce(IngestOutcome(), +)
            }
            guard state.snapshot.databaseOutages == outagesBefore else { continue }
            do {
                // Events the database refused one by one inside a lane: their rows are committed,
                // their dead letters go now, before the offsets, so a crash in between sends them again.
                if !outcome.databaseRefusals.isEmpty {
                    let sent: [Refusal]
                    if deadLettersSent {
                        sent = outcome.databaseRefusals
                    } else {
                        metrics.recordRefused(outcome.databaseRefusals)
                        sent = try await deadLettered(outcome.databaseRefusals, from: prepared.messages)
                        deadLettersSent = true
                    }
                    try await retrying("note dead letters not sent", databaseJustAnswered: true, abandonOnOutage: true) {
                        try await self.store.noteDeadLetterFailures(sent)
                    }
                }
                relinked = try await finish(batch, known: known)
                break
            } catch is DatabaseInterrupted {
                logger.warning("the database was unreachable after the batch's lanes committed; storing the batch again")
                try await pause(.milliseconds(100))
            }
        }
        trace.committed(batch, refusedInLanes: outcome.databaseRefusals)
        onCommitted?(batch.events, batch.refusals)
        do {
            try await consumer.commit(after: prepared.messages)
        } catch {
            // The database holds the offsets that count; Kafka's are a convenience for tools.
            logger.warning("Kafka offset commit failed", metadata: ["kafka.error": "\(LogText.escaped("\(error)"))"])
        }
        state.update {
            $0.batchesStored += 1
            $0.eventsStored += outcome.eventsStored
            $0.refusalsStored += outcome.refusalsStored
            $0.duplicatesSkipped += outcome.eventsDuplicate
            $0.recordsProcessed += prepared.messages.count
        }
        metrics.record(
            consumedByType: checked.consumedByType, refusedByType: checked.refusedByType,
            duplicates: outcome.eventsDuplicate, size: prepared.messages.count,
            duration: ContinuousClock.now - prepared.started, nextOffsets: batch.nextOffsets)
        logger.debug("batch stored", metadata: [
            "records": "\(prepared.messages.count)", "stored": "\(outcome.eventsStored)",
            "duplicates": "\(outcome.eventsDuplicate)", "refused": "\(outcome.refusalsStored)",
            "persons": "\(outcome.personsRecomputed)", "familyLinked": "\(relinked)",
        ])
    }
}
