import InsuranceDomain
import ServiceSupport

/// `benefits-service recompute`: rebuilds every person's derived rows (coverage periods,
/// facility and family-account bindings, refusals by the rules, the person's event count) from
/// the stored events with the current policy book, through the pipeline's own engine and
/// writer; safe beside a running service.
///
/// Persons go in key order, `batchSize` per transaction; after each transaction the
/// family-account limit is applied around the batch's persons as the pipeline applies it
/// after its batches (`BenefitsStore.applyFamilyAccountLimit`).
///
/// Why no checkpoint: a batch replaces its persons' rows with what their events give, so a
/// run repeated, or resumed anywhere (`after`), ends with the same rows; a run that stopped
/// is simply started again, or continued after the last key it reported.
public struct RecomputeRun: Sendable {
    public let store: BenefitsStore
    public let policy: PolicyBook
    /// Persons per transaction (their rows stay locked while the batch is written).
    public let batchSize: Int

    public init(store: BenefitsStore, policy: PolicyBook, batchSize: Int = 500) {
        self.store = store
        self.policy = policy
        self.batchSize = max(1, batchSize)
    }

    /// Every person with stored events whose id sorts after `after` (nil: everyone).
    /// A failure is thrown as `RecomputeInterrupted`, naming the last person committed.
    public func all(
        after: String? = nil,
        progress: (any ProgressReporter<RecomputeProgress>)? = nil
    ) async throws -> RecomputeSummary {
        let clock = ContinuousClock()
        let started = clock.now
        var summary = RecomputeSummary()
        var cursor = after
        do {
            let total = try await store.personCount(after: after)
            func report() -> RecomputeProgress {
                RecomputeProgress(
                    processed: summary.persons,
                    total: max(total, summary.persons),
                    elapsed: clock.now - started,
                    periods: summary.periodsWritten,
                    familyLinked: summary.familyLinked,
                    lastPerson: cursor
                )
            }
            while true {
                let persons = try await store.personIdsWithEvents(after: cursor, limit: batchSize)
                guard let last = persons.last else { break }
                try await recompute(persons, into: &summary)
                cursor = last
                progress?.update(report())
            }
            progress?.finish(report())
        } catch {
            throw RecomputeInterrupted(lastCommitted: cursor, summary: summary, underlying: error)
        }
        summary.elapsed = clock.now - started
        return summary
    }

    /// One person (and, as in the pipeline, the persons linked to them by a family-account
    /// authoriser over the limit). Throws `RecomputeUnknownPerson` when no event of theirs is stored.
    public func person(_ personId: String) async throws -> RecomputeSummary {
        let clock = ContinuousClock()
        let started = clock.now
        var summary = RecomputeSummary()
        try await recompute([personId], into: &summary)
        guard summary.persons > 0 else { throw RecomputeUnknownPerson(personId: personId) }
        summary.elapsed = clock.now - started
        return summary
    }

    private func recompute(_ persons: [String], into summary: inout RecomputeSummary) async throws {
        let recomputation = CoverageRecomputation(policy: policy)
        let outcome = try await store.recompute(persons: persons) { personId, history in
            recomputation.result(personId: personId, history: history)
        }
        let linked = try await store.applyFamilyAccountLimit(
            persons: persons,
            limit: policy.rules.maximumBeneficiariesPerAuthoriser
        ) { histories in
            recomputation.resultsWithFamilyLimit(histories: histories)
        }
        summary.batches += 1
        summary.persons += outcome.persons
        summary.events += outcome.events
        summary.periodsWritten += outcome.periodsWritten
        summary.countsCorrected += outcome.countsCorrected
        summary.familyLinked += linked
    }
}
