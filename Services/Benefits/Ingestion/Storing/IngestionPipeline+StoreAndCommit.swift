import InsuranceDomain
import Kafka
import ServiceSupport

/// What a batch's lanes stored, for its finish (`IngestionPipeline.finishAndCommit`).
struct LanesStored: Sendable {
    var outcome: IngestOutcome
    /// The server's start time known before the lanes began: the offsets are stored only if
    /// the server is still that one.
    var serverStart: Int64
    /// Whether the lanes ran more than once (after an outage or a server restart).
    var repeated: Bool
    let trace: BatchTrace
}

extension IngestionPipeline {
    /// The batch's lanes in parallel, one transaction each (each retried while the database is
    /// unreachable, and split by person when its content is refused: `storeIsolating`). The
    /// batch's finish (`finishAndCommit`) comes after, and may overlap the next batch's lanes
    /// (`BatchStages`).
    func storeLanes(_ prepared: PreparedBatch) async throws -> LanesStored {
        let trace = BatchTrace.start(prepared.messages, group: configuration.groupID)
        do {
            // One deadline-bounded check per batch, unless the database answered a moment ago (the
            // previous batch); the steps below skip theirs unless they have to retry.
            let answeredAt = state.snapshot.databaseAnsweredAt
            try await retry.run("reach the database", databaseJustAnswered: answeredAt.map { .now - $0 < .seconds(1) } ?? false) {}
            return try await runLanes(prepared, trace: trace, repeated: false)
        } catch {
            trace.end()
            throw error
        }
    }

    /// Runs the lanes until they ran through with no outage seen meanwhile.
    ///
    /// Lanes commit asynchronously (`synchronous_commit = off`): a PostgreSQL crash may lose
    /// commits it had acknowledged. Whenever the database was unreachable after a lane
    /// committed, the lanes run again (idempotent) before the offsets are stored, so offsets
    /// never move past effects a crash took away. A crash the pipeline never saw (the server
    /// back before the offsets transaction took its connection) is caught by the server's
    /// start time: the offsets are stored only if the server is still the one known before
    /// the lanes began (`ServerRestarted` otherwise: `finishAndCommit` runs the lanes again).
    private func runLanes(_ prepared: PreparedBatch, trace: BatchTrace, repeated: Bool) async throws -> LanesStored {
        // Copies of ids stored before (changed content is refused) are found inside the lanes, by
        // the probe that decides which events to insert: no lookup of its own.
        let known = prepared.known
        let lanes = prepared.batch.lanes(configuration.databaseLanes)
        var repeated = repeated
        while true {
            let serverStart = try await knownServerStart()
            let outagesBefore = state.snapshot.databaseOutages
            let outcome = try await withThrowingTaskGroup(of: IngestOutcome.self) { group in
                for lane in lanes {
                    group.addTask {
                        try await trace.step(
                            "store lane",
                            attributes: ["insurance.lane.events": lane.events.count, "insurance.lane.refusals": lane.refusals.count]
                        ) {
                            try await self.storeIsolating(lane, known: known, messages: prepared.messages)
                        }
                    }
                }
                return try await group.reduce(IngestOutcome(), +)
            }
            guard state.snapshot.databaseOutages == outagesBefore else {
                state.update { $0.serverStart = nil }
                repeated = true
                continue
            }
            return LanesStored(outcome: outcome, serverStart: serverStart, repeated: repeated, trace: trace)
        }
    }

    /// The batch's dead letters of events refused inside the lanes, then the family-account
    /// limit and the offsets in one last transaction (`finish`), then the Kafka commit. Runs
    /// after the previous batch's finish (`BatchStages`).
    func finishAndCommit(_ prepared: PreparedBatch, _ lanes: LanesStored) async throws {
        let trace = lanes.trace
        defer { trace.end() }
        let batch = prepared.batch
        let known = prepared.known
        var lanes = lanes
        var relinked = 0
        var deadLettersSent = false
        while true {
            let outcome = lanes.outcome
            do {
                // Events the database refused one by one inside a lane: their rows are committed,
                // their dead letters go now, before the offsets, so a crash in between sends them again.
                if !outcome.databaseRefusals.isEmpty {
                    let sent: [Refusal]
                    if deadLettersSent {
                        sent = outcome.databaseRefusals
                    } else {
                        metrics.recordRefused(outcome.databaseRefusals)
                        sent = try await deadLetters.send(outcome.databaseRefusals, from: prepared.messages)
                        deadLettersSent = true
                    }
                    try await retry.run("note dead letters not sent", databaseJustAnswered: true, abandonOnOutage: true) {
                        try await self.store.noteDeadLetterFailures(sent)
                    }
                }
                relinked = try await trace.step("commit batch", attributes: ["insurance.batch.persons": Set(batch.events.map(\.personId)).count]) {
                    // An event refused inside a lane (a changed copy, a value the database cannot
                    // hold) was not stored: its batch copy must not stand in for the stored one
                    // when the family-account limit recomputes persons.
                    try await finish(
                        batch,
                        persons: lanes.repeated ? Array(Set(batch.events.map(\.personId))) : Array(outcome.personsWithFamilyBindings),
                        known: Self.withoutRefusals(known, outcome.databaseRefusals),
                        serverStart: lanes.serverStart
                    )
                }
                break
            } catch is DatabaseInterrupted {
                state.update {
                    $0.serverStart = nil
                    $0.batchesStoredAgain += 1
                }
                logger.warning("the database was unreachable or restarted after the batch's lanes committed; storing the batch again")
                try await RetryPolicy.pause(.milliseconds(100))
                lanes = try await runLanes(prepared, trace: trace, repeated: true)
            }
        }
        let outcome = lanes.outcome
        trace.committed(batch, refusedInLanes: outcome.databaseRefusals)
        onCommitted?(batch.events, batch.refusals)
        do {
            // The database holds the offsets that count; Kafka's are a convenience for tools
            // (lag in kafka-consumer-groups), committed in the background: nobody waits for them.
            try consumer.commitInBackground(after: prepared.messages)
        } catch {
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
            consumedByType: prepared.consumedByType,
            refusedByType: prepared.refusedByType,
            duplicates: outcome.eventsDuplicate,
            size: prepared.messages.count,
            duration: ContinuousClock.now - prepared.started,
            nextOffsets: batch.nextOffsets
        )
        logger.debug(
            "batch stored",
            metadata: [
                "records": "\(prepared.messages.count)", "stored": "\(outcome.eventsStored)",
                "duplicates": "\(outcome.eventsDuplicate)", "refused": "\(outcome.refusalsStored)",
                "persons": "\(outcome.personsRecomputed)", "familyLinked": "\(relinked)",
            ]
        )
    }

    /// The server's start time as last seen; read (waiting out an outage) when unknown: at the
    /// first batch and after every outage.
    private func knownServerStart() async throws -> Int64 {
        if let known = state.snapshot.serverStart { return known }
        let start = try await retry.run("read the server's start time") { try await self.store.serverStart() }
        state.update { $0.serverStart = start }
        return start
    }

    /// `known` without the identities of `refusals`.
    static func withoutRefusals(_ known: [EventIdentity: ValidatedEvent], _ refusals: [Refusal]) -> [EventIdentity: ValidatedEvent] {
        guard !refusals.isEmpty else { return known }
        var kept = known
        for refusal in refusals {
            guard let source = refusal.source, let id = refusal.eventId else { continue }
            kept[EventIdentity(source: source, id: id)] = nil
        }
        return kept
    }
}

extension IngestionPipeline {
    /// The batch's last transaction: the family-account limit around `persons`, and its
    /// offsets. After every lane has committed, so a crash before it repeats the batch.
    ///
    /// `persons`: those the lanes recomputed with family-account bindings; every person of the
    /// batch when the lanes ran more than once (a repeated lane finds its events stored and
    /// recomputes nobody, so it cannot say who is bound). A person without such bindings is
    /// bound to no authoriser, so the pass would find nothing for them: leaving them out spares
    /// an index probe per person and batch (most persons have none).
    func finish(_ batch: IngestBatch, persons: [String], known: [EventIdentity: ValidatedEvent], serverStart: Int64?) async throws -> Int {
        let recomputation = self.recomputation
        let limit = configuration.policy.rules.maximumBeneficiariesPerAuthoriser
        let group = configuration.groupID
        do {
            return try await retry.run(
                "apply the family-account limit and store offsets",
                databaseJustAnswered: true,
                isolatingPoison: true,
                abandonOnOutage: true
            ) {
                try await self.store.applyFamilyAccountLimit(
                    persons: persons,
                    limit: limit,
                    advancing: batch.nextOffsets,
                    group: group,
                    serverStart: serverStart
                ) { histories in
                    recomputation.resultsWithFamilyLimit(histories: histories, known: known)
                }
            }
        } catch let poison as PoisonFailure {
            // The lanes stored every event and each person's own rows; only the cross-person
            // limit could not be applied. Waiting would stop the city for it: say so and go on.
            metrics.recordIsolation()
            logger.error(
                "family-account limit not applied to this batch's persons; their own rows stand",
                metadata: [
                    "error": "\(LogText.escaped(poison.reason))", "persons": "\(persons.count)",
                ]
            )
            try await retry.run("store offsets", databaseJustAnswered: true, abandonOnOutage: true) {
                try await self.store.advanceOffsets(group: group, to: batch.nextOffsets, serverStart: serverStart)
            }
            return 0
        }
    }
}
