import InsuranceDomain
import ServiceSupport

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
