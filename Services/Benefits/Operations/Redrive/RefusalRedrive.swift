import InsuranceDomain
import Kafka

/// `benefits-service redrive`: records refused at the door that the current policy book and
/// rules accept are stored after all; the refusal rows stay and are marked `redriven_at`.
///
/// Each `rejected_events` row's value is decoded again with the pipeline's `RecordDecoder`, as
/// the record it was (topic, partition, offset). The ones that now pass go through the
/// pipeline's own store path, `BenefitsStore.ingest` (events once per source and id, the
/// person locked and recomputed in the same transaction), then the family-account limit pass.
///
/// Why the store path and not a new Kafka record: stored through `ingest`, an event is in
/// `events` at most once per (source, id) whatever the number of redrives, and the redrive is
/// decided by this command's policy book, checked before anything is written. A record
/// produced again would get a new offset: a service still running with the old book would
/// refuse it once more, adding a refusal row and a dead letter per redrive, and the refusal
/// could not be marked in the same step as the sending.
package struct RefusalRedrive: Sendable {
    let store: BenefitsStore
    let policy: PolicyBook
    let pageSize: Int

    package init(store: BenefitsStore, policy: PolicyBook, pageSize: Int = 500) {
        self.store = store
        self.policy = policy
        self.pageSize = max(1, pageSize)
    }

    /// Goes through every refusal whose reason contains `reasonContaining` (all when nil), in id
    /// order. With `dryRun` nothing is written; `onCandidate` gets each record that would be sent.
    package func run(
        reasonContaining: String? = nil,
        dryRun: Bool = false,
        onCandidate: (RedriveCandidate) -> Void = { _ in }
    ) async throws -> RedriveSummary {
        let decoder = RecordDecoder(policy: policy)
        var summary = RedriveSummary(dryRun: dryRun)
        var cursor: Int64 = 0
        while true {
            let page = try await store.rejectedRecords(after: cursor, reasonContaining: reasonContaining, limit: pageSize)
            guard let last = page.last else { break }
            cursor = last.id
            summary.examined += page.count
            let valid = page.compactMap { record in
                Self.decode(record, with: decoder).map { (record: record, event: $0.event, validated: $0.validated) }
            }
            summary.nowValid += valid.count
            guard !valid.isEmpty else { continue }

            let stored = try await store.storedIdentities(valid.map { $0.validated.identity })
            var pending: Set<EventIdentity> = []
            for (record, _, event) in valid where !stored.contains(event.identity) {
                guard pending.insert(event.identity).inserted else { continue }
                onCandidate(RedriveCandidate(record: record, identity: event.identity, type: event.type))
            }
            if dryRun {
                summary.sent += pending.count
                summary.alreadyStored += valid.count - pending.count
                continue
            }
            try await storeNowValid(valid, into: &summary)
        }
        summary.stillRefused = summary.examined - summary.nowValid + summary.refusedByDatabase
        return summary
    }

    /// The pipeline's store step, then its family-account limit pass, then the marks.
    private func storeNowValid(
        _ valid: [(record: RejectedRecord, event: IncomingEvent, validated: ValidatedEvent)],
        into summary: inout RedriveSummary
    ) async throws {
        let recomputation = CoverageRecomputation(policy: policy)
        let events = valid.map { $0.event }
        let known = Dictionary(valid.map { ($0.validated.identity, $0.validated) }) { _, last in last }
        let outcome = try await store.ingest(
            batch: IngestBatch(events: events)
        ) { personId, history in
            recomputation.result(personId: personId, history: history, known: known)
        }
        _ = try await store.applyFamilyAccountLimit(
            persons: Array(Set(events.map(\.personId))),
            limit: policy.rules.maximumBeneficiariesPerAuthoriser
        ) { histories in
            recomputation.resultsWithFamilyLimit(histories: histories, known: known)
        }
        summary.sent += outcome.eventsStored
        summary.refusedByDatabase += outcome.eventsRefusedByDatabase
        summary.alreadyStored += valid.count - outcome.eventsStored - outcome.eventsRefusedByDatabase
        summary.marked += try await store.markRedriven(valid.map { (rowId: $0.record.id, identity: $0.validated.identity) })
    }

    /// The record decoded as the pipeline decodes it (as the record it was: topic, partition,
    /// offset, value), when it now passes.
    ///
    /// A record refused because its key differed from its subject stays refused: the key is not
    /// kept with the refusal, and no policy change makes a wrong key right. A binary-mode record
    /// kept only its `data` (its attributes travelled in headers) and does not decode alone.
    static func decode(_ record: RejectedRecord, with decoder: RecordDecoder) -> (event: IncomingEvent, validated: ValidatedEvent)? {
        guard !record.reason.hasPrefix("key:") else { return nil }
        let message = KafkaConsumerMessage(
            topic: record.topic,
            partition: record.partition,
            offset: record.offset,
            key: nil,
            value: Array(record.payload.utf8),
            headers: [],
            timestamp: nil
        )
        guard case .event(let event, let validated) = decoder.decode(message) else { return nil }
        return (event, validated)
    }
}

/// A refused record that now passes and is not stored yet: what `redrive` sends.
package struct RedriveCandidate: Sendable, Hashable, CustomStringConvertible {
    let rowId: Int64
    let identity: EventIdentity
    let type: String
    let topic: String
    let partition: Int32
    let offset: Int64

    init(record: RejectedRecord, identity: EventIdentity, type: String) {
        self.rowId = record.id
        self.identity = identity
        self.type = type
        self.topic = record.topic
        self.partition = record.partition
        self.offset = record.offset
    }

    /// One line without the payload (it holds citizen ID numbers); outside values escaped.
    package var description: String {
        "rejected_events.id \(rowId): \(type) source \(String(reflecting: identity.source)) id \(String(reflecting: identity.id)) "
            + "from \(topic)[\(partition)]@\(offset)"
    }
}

/// What a redrive found and did, for its last line.
package struct RedriveSummary: Sendable, Hashable, CustomStringConvertible {
    var dryRun: Bool
    /// Refusals read (those matching `--reason`).
    var examined = 0
    /// Of those, records the current policy book and rules accept.
    var nowValid = 0
    /// Events newly stored (with `--dry-run`: that would be stored).
    var sent = 0
    /// Valid records whose event (same source and id) was stored already: by an earlier
    /// redrive, a resend, or a second refused copy of the same event.
    var alreadyStored = 0
    /// Records still refused, including those the database refused again.
    var stillRefused = 0
    /// Valid records the database refused when storing them (kept refused, no new row).
    var refusedByDatabase = 0
    /// Refusal rows newly marked `redriven_at`.
    var marked = 0

    init(dryRun: Bool = false) {
        self.dryRun = dryRun
    }

    package var description: String {
        let sentText = dryRun ? "would send \(sent)" : "sent \(sent)"
        return "examined \(examined), now valid \(nowValid), \(sentText), already stored \(alreadyStored), "
            + "still refused \(stillRefused)" + (dryRun ? " (dry run: nothing written)" : ", newly marked redriven \(marked)")
    }
}
