import InsuranceDomain
import Kafka
import ServiceSupport
import Synchronization

extension IngestionPipeline {
    /// Stores one lane; when its content is refused (`FailureClass.poison`), finds the persons
    /// responsible by bisection and refuses their new events, storing everyone else's.
    ///
    /// Design: storing is per person (a person's events, history and derived rows never depend
    /// on another person's within a lane), and storing is idempotent, so a lane may be split
    /// into transactions at will. A refused lane is split into two halves of its persons, each
    /// stored on its own; a half that fails again is split again, down to a single person, whose
    /// new events of the batch are then refused with the database's (or the computation's)
    /// reason, dead-lettered and recorded in `rejected_events`. One bad person among n costs
    /// about 2·log2(n) extra transactions, only in the batch that holds it; the usual batch
    /// pays nothing. Events the database refuses row by row (a value it cannot hold) are already
    /// isolated inside the lane's transaction (`BatchWriter.insertEventsIsolatingBadRows`), one
    /// event rather than one person; bisection catches everything else: derived rows that cannot
    /// be written, limits, integrity errors, a computation that throws.
    func storeIsolating(
        _ part: IngestBatch,
        known: [EventIdentity: ValidatedEvent],
        messages: [KafkaConsumerMessage]
    ) async throws -> IngestOutcome {
        let (recomputation, histories) = (self.recomputation, self.histories)
        let beneficiariesPerAuthoriser = configuration.beneficiariesPerAuthoriser
        let eventsPerTypeAndYear = configuration.eventsPerTypeAndYear
        // Persons found to be too much work in an earlier batch are refused at once, not after
        // two more statement timeouts each.
        let tooLarge = tooMuchWork.persons(among: part.events)
        if !tooLarge.isEmpty {
            var rest = part.only(part.persons.subtracting(tooLarge))
            rest.refusals = part.refusals
            var outcome = try await storeIsolating(rest, known: known, messages: messages)
            let poison = PoisonFailure(underlying: WorkTooLarge(statementTimeout: configuration.database.statementTimeout))
            for person in tooLarge.sorted() {
                outcome = outcome + (try await refuseOnePerson(part.only([person]), poison: poison, known: known, messages: messages))
            }
            return outcome
        }
        do {
            return try await retry.run("store batch", databaseJustAnswered: true, isolatingPoison: true) {
                // A new lane value per attempt: what a rolled-back attempt computed is never kept.
                let lane = PipelineLaneRecomputation(
                    recomputation: recomputation,
                    known: known,
                    cache: histories,
                    beneficiariesPerAuthoriser: beneficiariesPerAuthoriser,
                    eventsPerTypeAndYear: eventsPerTypeAndYear
                )
                return try await self.store.ingest(batch: part, lane: lane)
            }
        } catch let poison as PoisonFailure {
            // The batch's refusals first apart from the events, so that they never weigh on a person.
            let persons = part.persons
            if !part.refusals.isEmpty && !persons.isEmpty {
                let refusals = IngestBatch(events: [], refusals: part.refusals)
                let stored = try await storeIsolating(refusals, known: known, messages: messages)
                let rest = try await storeIsolating(part.only(persons), known: known, messages: messages)
                return stored + rest
            }
            if persons.count > 1 {
                let sorted = persons.sorted()
                let firstHalf = Set(sorted.prefix(sorted.count / 2))
                let first = part.only(firstHalf)
                let second = part.only(persons.subtracting(firstHalf))
                let stored = try await storeIsolating(first, known: known, messages: messages)
                let rest = try await storeIsolating(second, known: known, messages: messages)
                return stored + rest
            }
            if !persons.isEmpty {
                return try await refuseOnePerson(part, poison: poison, known: known, messages: messages)
            }
            return try await storeRefusalsPlainly(part, poison: poison, known: known, messages: messages)
        }
    }

    /// A lane part of one person that cannot be stored: its new events become refusals.
    private func refuseOnePerson(
        _ part: IngestBatch,
        poison: PoisonFailure,
        known: [EventIdentity: ValidatedEvent],
        messages: [KafkaConsumerMessage]
    ) async throws -> IngestOutcome {
        metrics.recordIsolation()
        let events = part.events
        if poison.underlying is WorkTooLarge, let person = events.first?.personId { tooMuchWork.insert(person) }
        let laterCopies = part.laterCopies
        // Copies already stored (a re-delivery after a crash) stay what they are; a stored id
        // with other content is refused as a changed copy, as a lane would.
        let copies = try await retry.run("look up stored copies", databaseJustAnswered: true) {
            try await self.store.storedPayloads(of: events + laterCopies.map(\.event))
        }
        let reason = "not stored: the person's events could not be stored or their coverage computed: \(poison.reason)"
        let policy = recomputation.policy
        var refusals = events.indices.compactMap { index -> Refusal? in
            guard let copy = copies[index] else { return Refusal(refusing: events[index], reason: reason) }
            let content = known[EventIdentity(source: events[index].source, id: events[index].eventId)]
            let changed = Self.isChangedCopy(events[index], content: content, storedPayload: copy, policy: policy)
            return changed ? Refusal(refusing: events[index], reason: Self.changedContent) : nil
        }
        var standing: [Int: String] = [:]
        for (index, payload) in copies where index >= events.count { standing[index - events.count] = payload }
        refusals += Self.refused(laterCopies, standing: standing, policy: policy)
        logger.error(
            "a person's events refused so that the batch can go on",
            metadata: [
                "person": "\(LogText.escaped(events.first?.personId ?? "-"))", "events": "\(refusals.count)",
                "error": "\(LogText.escaped(poison.reason))",
            ]
        )
        metrics.recordRefused(refusals)
        let sent = try await deadLetters.send(refusals, from: messages)
        let rest = IngestBatch(events: [], refusals: sent)
        var outcome = try await storeIsolating(rest, known: known, messages: messages)
        outcome.eventsDuplicate += events.count + laterCopies.count - refusals.count
        return outcome
    }

    /// Refusals alone that the database would not take: stored again with every text escaped
    /// (no control characters, no NUL), which it must take; given up with an error otherwise.
    private func storeRefusalsPlainly(
        _ part: IngestBatch,
        poison: PoisonFailure,
        known: [EventIdentity: ValidatedEvent],
        messages: [KafkaConsumerMessage]
    ) async throws -> IngestOutcome {
        let plain = part.refusals.map { refusal in
            var copy = refusal
            copy.source = refusal.source.map { LogText.escaped($0, limit: 1_000) }
            copy.eventId = refusal.eventId.map { LogText.escaped($0, limit: 1_000) }
            copy.type = refusal.type.map { LogText.escaped($0, limit: 1_000) }
            copy.reason = LogText.escaped(refusal.reason, limit: 10_000)
            copy.payload = LogText.escaped(refusal.payload, limit: Int.max)
            return copy
        }
        if plain != part.refusals {
            return try await storeIsolating(
                IngestBatch(events: [], refusals: plain),
                known: known,
                messages: messages
            )
        }
        metrics.recordIsolation()
        logger.error(
            "refusals could not be recorded; their records are skipped",
            metadata: [
                "count": "\(part.refusals.count)", "error": "\(LogText.escaped(poison.reason))",
            ]
        )
        return IngestOutcome()
    }
}

/// The persons whose events took longer than the statement timeout twice (`WorkTooLarge`):
/// their later events are refused at once. Kept in memory, the most recent `capacity`
/// persons; after a restart a person's next batch finds it out again (two timeouts).
final class TooMuchWork: Sendable {
    private let state: Mutex<(persons: Set<String>, order: [String])> = Mutex(([], []))
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func insert(_ person: String) {
        state.withLock { state in
            guard state.persons.insert(person).inserted else { return }
            state.order.append(person)
            if state.order.count > capacity { state.persons.remove(state.order.removeFirst()) }
        }
    }

    /// The persons of `events` found to be too much work before.
    func persons(among events: [IncomingEvent]) -> Set<String> {
        state.withLock { state in
            guard !state.persons.isEmpty else { return [] }
            var found: Set<String> = []
            for event in events where state.persons.contains(event.personId) { found.insert(event.personId) }
            return found
        }
    }
}
