import InsuranceDomain
import Kafka
import Logging
import PostgresNIO
import ServiceLifecycle

/// Kafka → PostgreSQL: validates each record with the domain, stores a batch in one
/// transaction (events once, refusals, recomputed coverage, offsets) and then commits the
/// offsets to Kafka.
///
/// Exactly once in the tables: events are unique per (source, id), refusals per Kafka record,
/// and offsets stored in the same transaction are where a newly assigned partition resumes, so
/// restarts, rebalances and re-deliveries repeat nothing. Dead letters are produced and
/// acknowledged *before* the transaction commits, so a crash can only repeat a dead letter,
/// never lose one: `insurance.deadletter.v1` is at-least-once, `rejected_events` exactly-once.
///
/// The pipeline runs (and stops) its consumer itself; run `producer` and the store's
/// `PostgresClient` as services of the same group, before it.
public final class IngestionPipeline: Service, Sendable {
    public let consumer: KafkaConsumer
    public let producer: KafkaProducer
    public let store: BenefitsStore
    public let state = PipelineState()
    private let configuration: BenefitsConfiguration
    private let decoder: RecordDecoder
    private let recomputation: CoverageRecomputation
    private let gate = BatchGate()
    private let metrics = PipelineMetrics()
    private let logger: Logger
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
        _ = try await retrying("apply migrations") {
            try await Migrator(migrations: try Migration.bundled()).migrate(self.store.client)
        }
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
    }

    /// Whether the database answered the last attempt and answers now (for `/ready`).
    public func isDatabaseReady() async -> Bool {
        guard state.snapshot.databaseAvailable else { return false }
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
                    logger.error("seek to stored offsets failed", metadata: ["kafka.error": "\(error)"])
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
                return logStopped(error)
            }
        }
        do {
            try await storing?.value
        } catch {
            logStopped(error)
        }
    }

    /// Only a graceful shutdown stops the retries: the records not stored will be read again.
    private func logStopped(_ error: any Error) {
        logger.notice("pipeline stopped with a batch not stored; it will be read again", metadata: ["error": "\(error)"])
    }

    /// Validates the records and produces the dead letters of the refused ones (acknowledged).
    private func prepare(_ messages: [KafkaConsumerMessage]) async throws -> PreparedBatch {
        let started = ContinuousClock.now
        var events: [IncomingEvent] = []
        var refusals: [Refusal] = []
        var deadLetters: [KafkaOutgoingMessage] = []
        var known: [EventIdentity: ValidatedEvent] = [:]
        var consumedByType: [String: Int] = [:]
        var refusedByType: [String: Int] = [:]
        events.reserveCapacity(messages.count)
        known.reserveCapacity(messages.count)
        for message in messages {
            switch decoder.decode(message) {
            case .event(let incoming, let validated):
                events.append(incoming)
                known[validated.identity] = validated
                consumedByType[incoming.type, default: 0] += 1
            case .refusal(let refusal, let key):
                refusals.append(refusal)
                refusedByType[refusal.type ?? "unknown", default: 0] += 1
                deadLetters.append(deadLetter(for: message, key: key, reason: refusal.reason))
                logger.info("event refused", metadata: [
                    "source": "\(refusal.source ?? "-")", "eventId": "\(refusal.eventId ?? "-")",
                    "topic": "\(message.topic)", "partition": "\(message.partition)", "offset": "\(message.offset)",
                ])
            }
        }
        try await sendDeadLetters(deadLetters)
        return PreparedBatch(
            messages: messages,
            batch: IngestBatch(consumerGroup: configuration.groupID, events: events, refusals: refusals),
            known: known, consumedByType: consumedByType, refusedByType: refusedByType, started: started)
    }

    /// One transaction per lane, in parallel (each retried while the database is unreachable),
    /// then the Kafka commit once every lane has committed.
    private func storeAndCommit(_ prepared: PreparedBatch, metrics: PipelineMetrics) async throws {
        let recomputation = self.recomputation
        let known = prepared.known
        // One deadline-bounded check per batch; the steps below, milliseconds later, skip theirs
        // unless they have to retry.
        try await retrying("reach the database") {}
        let lanes = prepared.batch.lanes(configuration.databaseLanes)
        let outcome = try await withThrowingTaskGroup(of: IngestOutcome.self) { group in
            for lane in lanes {
                group.addTask {
                    try await self.retrying("store batch", databaseJustAnswered: true) {
                        try await self.store.ingest(batch: lane, advancingOffsets: false) { personId, history in
                            recomputation.result(personId: personId, history: history, known: known)
                        }
                    }
                }
            }
            return try await group.reduce(IngestOutcome(), +)
        }
        // After the lanes and before the offsets, so that a crash in between repeats it.
        let persons = Array(Set(prepared.batch.events.map(\.personId)))
        let limit = configuration.policy.rules.maximumBeneficiariesPerAuthoriser
        let relinked = try await retrying("apply the family-account limit", databaseJustAnswered: true) {
            try await self.store.applyFamilyAccountLimit(persons: persons, limit: limit) { histories in
                recomputation.resultsWithFamilyLimit(histories: histories, known: known)
            }
        }
        try await retrying("store offsets", databaseJustAnswered: true) {
            try await self.store.advanceOffsets(group: self.configuration.groupID, to: prepared.batch.nextOffsets)
        }
        onCommitted?(prepared.batch.events, prepared.batch.refusals)
        do {
            try await consumer.commit(after: prepared.messages)
        } catch {
            // The database holds the offsets that count; Kafka's are a convenience for tools.
            logger.warning("Kafka offset commit failed", metadata: ["kafka.error": "\(error)"])
        }
        state.update {
            $0.batchesStored += 1
            $0.eventsStored += outcome.eventsStored
            $0.refusalsStored += outcome.refusalsStored
            $0.duplicatesSkipped += outcome.eventsDuplicate
            $0.recordsProcessed += prepared.messages.count
        }
        metrics.record(
            consumedByType: prepared.consumedByType, refusedByType: prepared.refusedByType,
            duplicates: outcome.eventsDuplicate, size: prepared.messages.count,
            duration: ContinuousClock.now - prepared.started, nextOffsets: prepared.batch.nextOffsets)
        logger.debug("batch stored", metadata: [
            "records": "\(prepared.messages.count)", "stored": "\(outcome.eventsStored)",
            "duplicates": "\(outcome.eventsDuplicate)", "refused": "\(outcome.refusalsStored)",
            "persons": "\(outcome.personsRecomputed)", "familyLinked": "\(relinked)",
        ])
    }

    private func deadLetter(for message: KafkaConsumerMessage, key: [UInt8]?, reason: String) -> KafkaOutgoingMessage {
        var headers = [
            KafkaHeader(key: "reason", value: reason),
            KafkaHeader(key: "original-topic", value: message.topic),
            KafkaHeader(key: "original-partition", value: String(message.partition)),
            KafkaHeader(key: "original-offset", value: String(message.offset)),
        ]
        // Binary-mode attributes travel along so the dead letter can be read as the event it was.
        headers += message.headers.filter { $0.key.lowercased().hasPrefix("ce_") || $0.key.lowercased() == "content-type" }
        return KafkaOutgoingMessage(topic: configuration.deadLetterTopic, key: key, value: message.value, headers: headers)
    }

    /// Sends the dead letters and waits for the broker's acknowledgement; retries the failed ones.
    private func sendDeadLetters(_ letters: [KafkaOutgoingMessage]) async throws {
        var pending = letters
        var backoff = Backoff(cap: configuration.retryCap)
        while !pending.isEmpty {
            let results = await producer.send(pending)
            var failed: [KafkaOutgoingMessage] = []
            var lastError: KafkaError?
            for (letter, result) in zip(pending, results) {
                if case .failure(let error) = result {
                    failed.append(letter)
                    lastError = error
                }
            }
            pending = failed
            if let lastError {
                logger.warning("dead letters not acknowledged; retrying", metadata: [
                    "count": "\(failed.count)", "kafka.error": "\(lastError)",
                ])
                try await pause(backoff.delay())
            }
        }
    }

    /// Runs `body` until it succeeds, backing off exponentially (up to `retryCap`) and
    /// reporting the database as unavailable meanwhile; stops on graceful shutdown.
    /// `databaseJustAnswered` skips the reachability check of the first attempt only.
    private func retrying<Result: Sendable>(
        _ what: String, databaseJustAnswered: Bool = false, _ body: @Sendable () async throws -> Result
    ) async throws -> Result {
        var backoff = Backoff(cap: configuration.retryCap)
        var checkFirst = !databaseJustAnswered
        while true {
            do {
                // Asked first, with a deadline: a transaction's own wait for a connection would
                // last until the pool's circuit breaker opens, with nothing reported meanwhile.
                if checkFirst { try await store.ensureReachable(within: configuration.databaseTimeout) }
                checkFirst = true
                let result = try await body()
                state.update { $0.databaseAvailable = true }
                metrics.recordDatabase(available: true)
                return result
            } catch {
                state.update { $0.databaseAvailable = false }
                metrics.recordDatabase(available: false)
                let delay = backoff.delay()
                logger.error("database unavailable; retrying", metadata: [
                    "operation": "\(what)", "error": "\(DatabaseMessage.of(error, includeDetail: false))", "retryIn": "\(delay)",
                ])
                try await pause(delay)
            }
        }
    }

    private func pause(_ delay: Duration) async throws {
        if Task.isShuttingDownGracefully || Task.isCancelled { throw CancellationError() }
        try await Task.sleep(for: delay)
        if Task.isShuttingDownGracefully { throw CancellationError() }
    }
}
