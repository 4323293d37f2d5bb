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
package struct RecomputeRun: Sendable {
    let store: BenefitsStore
    let policy: PolicyBook
    /// Persons per transaction (their rows stay locked while the batch is written).
    let batchSize: Int

    package init(store: BenefitsStore, policy: PolicyBook, batchSize: Int = 500) {
        self.store = store
        self.policy = policy
        self.batchSize = max(1, batchSize)
    }

    /// Every person with stored events whose id sorts after `after` (nil: everyone).
    /// A failure is thrown as `RecomputeInterrupted`, naming the last person committed.
    package func all(
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
            try await store.forEachPersonBatch(after: after, size: batchSize) { persons in
                try await recompute(persons, into: &summary)
            } cursor: { last in
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
    package func person(_ personId: String) async throws -> RecomputeSummary {
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

/// What a recompute did, for its last line.
package struct RecomputeSummary: Sendable, Hashable, CustomStringConvertible {
    var batches = 0
    var persons = 0
    var events = 0
    var periodsWritten = 0
    /// Persons whose stored `event_count` was wrong.
    var countsCorrected = 0
    /// Persons recomputed again together because a family-account authoriser of theirs is over the limit.
    var familyLinked = 0
    var elapsed: Duration = .zero

    init() {}

    package var description: String {
        let (seconds, attoseconds) = elapsed.components
        let time = (Double(seconds) + Double(attoseconds) / 1e18) * 1000
        return "persons \(persons), events \(events), periods \(periodsWritten), event counts corrected \(countsCorrected), "
            + "family-linked \(familyLinked), batches \(batches), time \(time.rounded() / 1000) s"
    }
}

/// Where a recompute stands: persons rebuilt out of the persons stored, and the last one committed.
package struct RecomputeProgress: ProgressMeasure, Hashable {
    package var processed: Int
    package var total: Int
    package var elapsed: Duration
    var periods: Int
    var familyLinked: Int
    /// The last person committed: a run stopped here continues with `--after` this id.
    var lastPerson: String?

    init(processed: Int, total: Int, elapsed: Duration, periods: Int, familyLinked: Int, lastPerson: String?) {
        self.processed = processed
        self.total = total
        self.elapsed = elapsed
        self.periods = periods
        self.familyLinked = familyLinked
        self.lastPerson = lastPerson
    }

    package static let unit = "persons"

    package var detail: String {
        // Person ids passed the contract's identifier rule when stored; still printed escaped.
        "periods \(periods), family-linked \(familyLinked)" + (lastPerson.map { ", after \(String(reflecting: $0))" } ?? "")
    }
}

/// A recompute stopped by an error; the batches before it are committed.
struct RecomputeInterrupted: Error, CustomStringConvertible {
    /// The last person of the last committed batch (nil: none committed): `--after` continues there.
    let lastCommitted: String?
    let summary: RecomputeSummary
    let underlying: any Error

    var description: String {
        let resume =
            lastCommitted.map { "continue with --after \(String(reflecting: $0)), or run again from the start" }
            ?? "run again"
        return "recompute stopped after \(summary.persons) persons: \(DatabaseMessage.of(underlying, includeDetail: false)); \(resume)"
    }
}

/// `recompute --person` named a person with no stored event.
struct RecomputeUnknownPerson: Error, CustomStringConvertible, Hashable {
    let personId: String

    init(personId: String) {
        self.personId = personId
    }

    var description: String { "--person: no event is stored for \(String(reflecting: personId))" }
}

/// What recomputing one batch of persons changed.
struct RecomputeBatchOutcome: Sendable, Hashable {
    /// Persons with stored events whose rows were rebuilt.
    var persons = 0
    /// Stored events read.
    var events = 0
    var periodsWritten = 0
    /// Persons whose `event_count` did not match their stored events.
    var countsCorrected = 0

    init() {}
}
