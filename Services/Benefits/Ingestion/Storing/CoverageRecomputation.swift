import InsuranceDomain
import Synchronization

/// Rebuilds a person's derived rows from their whole stored history with the domain's engine.
///
/// Events validated in the current batch are passed in (`known`) so they are not parsed a
/// second time; older ones are read back from their stored JSON.
///
/// The limit of beneficiaries per family-account authoriser spans persons: a batch's persons are
/// recomputed one by one (`result`), then the persons linked to an authoriser over the limit
/// are recomputed together (`resultsWithFamilyLimit`, see `BenefitsStore.applyFamilyAccountLimit`).
package struct CoverageRecomputation: Sendable {
    let policy: PolicyBook

    package init(policy: PolicyBook) {
        self.policy = policy
    }

    /// The domain's view of the stored history (events that no longer validate are left out).
    /// An event of `known` stands in for its stored copy (it was validated from the same
    /// bytes moments ago) unless its identity is in `excluding`.
    func validatedHistory(
        _ history: [StoredEvent],
        known: [EventIdentity: ValidatedEvent] = [:],
        excluding: Set<EventIdentity> = []
    ) -> [ValidatedEvent] {
        history.compactMap { stored in
            let identity = EventIdentity(source: stored.source, id: stored.eventId)
            if let event = known[identity], excluding.isEmpty || !excluding.contains(identity) { return event }
            return try? EventIntake.validate(json: Array(stored.payload.utf8), policy: policy).get()
        }
    }

    func coverage(personId: String, history: [StoredEvent], known: [EventIdentity: ValidatedEvent] = [:]) -> PersonCoverage {
        CoverageEngine.evaluate(personId: personId, events: validatedHistory(history, known: known), policy: policy)
    }

    package func result(personId: String, history: [StoredEvent], known: [EventIdentity: ValidatedEvent] = [:]) -> PersonResult {
        let events = validatedHistory(history, known: known)
        return Self.rows(CoverageEngine.evaluate(personId: personId, events: events, policy: policy), events: events)
    }

    /// The rows of persons linked by family-account authorisers, with the limit of beneficiaries
    /// per authoriser applied over all their events (as the offline `evaluate` does).
    func resultsWithFamilyLimit(
        histories: [String: [StoredEvent]],
        known: [EventIdentity: ValidatedEvent] = [:]
    ) -> [(personId: String, result: PersonResult)] {
        let validated = histories.mapValues { validatedHistory($0, known: known) }
        let limits = FamilyAccountRules.limitRefusals(events: validated.values.flatMap { $0 }, policy: policy)
        return validated.sorted { $0.key < $1.key }.map { personId, events in
            let coverage = CoverageEngine.evaluate(personId: personId, events: events, policy: policy, externalRefusals: limits)
            return (personId, Self.rows(coverage, events: events))
        }
    }

    /// The rows of `coverage_periods`, `facility_bindings` and `family_account_bindings` for a coverage.
    /// Pending facility choices (no registration yet) are not written: they are decided again later.
    static func rows(_ coverage: PersonCoverage, events: [ValidatedEvent]) -> PersonResult {
        let periods = coverage.periods.map {
            CoveragePeriodRow(
                policyYear: $0.policyYear,
                startsOn: $0.startsOn,
                endsOn: $0.endsOn,
                startMonth: $0.startMonth,
                basis: $0.basis.rawValue
            )
        }
        var facility: [FacilityBindingRow] = []
        let decisions = coverage.facilityDecisions
        for (index, decision) in decisions.enumerated() {
            let binding = decision.binding
            var row = FacilityBindingRow(
                facilityCode: binding.facilityCode,
                facilityKind: binding.facilityKind.rawValue,
                hospitalLevel: binding.hospitalLevel,
                boundOn: binding.boundOn,
                status: .accepted
            )
            switch decision.outcome {
            case .accepted:
                // In force until the day before the next accepted choice (or the 14th birthday for a hospital).
                row.endsOn = coverage.lastDayInForce(ofDecisionAt: index)
            case .refused(let reason):
                row.status = .refused
                row.reason = reason
            case .pending:
                continue
            }
            facility.append(row)
        }
        var family: [FamilyAccountBindingRow] = coverage.familyAuthorisations.enumerated().map { index, authorisation in
            FamilyAccountBindingRow(
                authoriserId: authorisation.authoriserId,
                relationship: authorisation.relationship.rawValue,
                boundOn: authorisation.boundOn,
                revokedOn: authorisation.revokedOn,
                rank: index + 1,
                status: .accepted
            )
        }
        let refusedReasons = Dictionary(coverage.refused.map { ($0.eventId, $0.reason) }, uniquingKeysWith: { first, _ in first })
        var seen: Set<EventIdentity> = []
        for event in events where seen.insert(event.identity).inserted {
            guard case .familyAccountBinding(let binding) = event.event, let reason = refusedReasons[event.id] else { continue }
            family.append(
                FamilyAccountBindingRow(
                    authoriserId: binding.authoriserId,
                    relationship: binding.relationship.rawValue,
                    boundOn: binding.boundOn,
                    status: .refused,
                    reason: reason
                )
            )
        }
        let facts = PersonFactsRow(
            birthDate: coverage.birthDate,
            ageLimitOn: coverage.renewalAgeLimitReachedOn,
            lastStopOn: coverage.stopDates.max()
        )
        return PersonResult(periods: periods, facilityBindings: facility, familyBindings: family, facts: facts)
    }
}

/// The pipeline's side of a lane's transaction: the domain's rules, the batch's validated
/// events (`known`) and the history cache.
///
/// - A stored copy of an id is a re-delivery when its content is the same (type, time and
///   typed data), else the batch's copy is refused (`changedContent`): the stored copy stays
///   and is what the person's coverage is computed from.
/// - A person's history before the batch comes from the cache when it holds exactly the
///   stored events, else it is read back and validated again (what was stored is treated as
///   hostile: an event that no longer validates is left out).
/// - The histories computed here are kept in the cache once the transaction committed.
final class PipelineLaneRecomputation: LaneRecomputation {
    let recomputation: CoverageRecomputation
    let known: [EventIdentity: ValidatedEvent]
    let cache: HistoryCache
    /// Identities whose batch copy was refused as changed: never stand in for the stored copy.
    private let changed = Mutex<Set<EventIdentity>>([])
    private let pending = Mutex<[String: HistoryCache.Entry]>([:])
    /// The histories `holdsHistory` answered for, taken from the cache at that moment.
    private let held = Mutex<[String: [ValidatedEvent]]>([:])

    let beneficiariesPerAuthoriser: Int?
    /// The bound of events per type and policy year a person may have; nil: none.
    let eventsPerTypeAndYear: EventsPerTypeAndYear?

    init(
        recomputation: CoverageRecomputation,
        known: [EventIdentity: ValidatedEvent],
        cache: HistoryCache,
        beneficiariesPerAuthoriser: Int? = nil,
        eventsPerTypeAndYear: EventsPerTypeAndYear? = nil
    ) {
        self.recomputation = recomputation
        self.known = known
        self.cache = cache
        self.beneficiariesPerAuthoriser = beneficiariesPerAuthoriser
        self.eventsPerTypeAndYear = eventsPerTypeAndYear
    }

    func authoriser(boundBy event: IncomingEvent) -> String? {
        // The type first: most events are not bindings, and the lookup hashes the identity.
        guard event.type == InsuranceEventType.familyAccountBinding.rawValue,
            case .familyAccountBinding(let binding) = known[EventIdentity(source: event.source, id: event.eventId)]?.event
        else { return nil }
        return binding.authoriserId
    }

    func refusedLaterCopies(_ copies: [LaterCopy], standing: [Int: String]) -> [Refusal] {
        IngestionPipeline.refused(copies, standing: standing, policy: recomputation.policy)
    }

    func changedCopies(_ copies: [(event: IncomingEvent, storedPayload: String)]) -> [Refusal] {
        var refusals: [Refusal] = []
        var refused: Set<EventIdentity> = []
        for (event, payload) in copies
        where IngestionPipeline.isChangedCopy(
            event,
            content: known[EventIdentity(source: event.source, id: event.eventId)],
            storedPayload: payload,
            policy: recomputation.policy
        ) {
            refused.insert(EventIdentity(source: event.source, id: event.eventId))
            refusals.append(Refusal(refusing: event, reason: IngestionPipeline.changedContent))
        }
        if !refused.isEmpty { changed.withLock { $0.formUnion(refused) } }
        return refusals
    }

    func holdsHistory(of personId: String, storedBefore: Int) -> Bool {
        // Taken now, for `result`: another lane's commit may evict the entry meanwhile.
        guard let history = cache.history(of: personId, storedBefore: storedBefore) else { return false }
        held.withLock { $0[personId] = history }
        return true
    }

    func result(personId: String, stored: [StoredEvent]?, new: [IncomingEvent], storedBefore: Int) throws -> LaneResult {
        let excluding = changed.withLock { $0 }
        var events: [ValidatedEvent]
        var storedEvents: Int
        if let stored {
            events = recomputation.validatedHistory(stored, known: known, excluding: excluding)
            storedEvents = stored.count
        } else {
            let earlier = storedBefore > 0 ? held.withLock { $0[personId] } : []
            guard let earlier else { throw HistoryNotHeld(personId: personId) }
            events = earlier + recomputation.validatedHistory(new.map(\.stored), known: known, excluding: excluding)
            storedEvents = storedBefore + new.count
        }
        var refused: [Refusal] = []
        // No bucket can pass the bound when the whole history does not: the usual person costs nothing.
        if let bound = eventsPerTypeAndYear, events.count > bound.limit {
            let beyond = Self.beyond(bound, events: events, new: new)
            if !beyond.isEmpty {
                let identities = Set(beyond.map(\.identity))
                events.removeAll { identities.contains($0.identity) }
                storedEvents -= beyond.count
                refused = beyond.map(\.refusal)
            }
        }
        let coverage = CoverageEngine.evaluate(personId: personId, events: events, policy: recomputation.policy)
        pending.withLock { $0[personId] = HistoryCache.Entry(storedEvents: storedEvents, events: events) }
        return LaneResult(rows: CoverageRecomputation.rows(coverage, events: events), refused: refused)
    }

    func committed() {
        cache.remember(pending.withLock { $0 })
    }

    /// The batch's new events of the person (`new`, all in `events`) beyond the bound, as
    /// refusals: the person's earlier events count first, the new ones in business-time order.
    private static func beyond(
        _ bound: EventsPerTypeAndYear,
        events: [ValidatedEvent],
        new: [IncomingEvent]
    ) -> [(identity: EventIdentity, refusal: Refusal)] {
        let byIdentity = Dictionary(new.map { (EventIdentity(source: $0.source, id: $0.eventId), $0) }, uniquingKeysWith: { first, _ in first })
        let earlier = events.filter { byIdentity[$0.identity] == nil }
        let validatedNew = Dictionary(
            events.lazy.filter { byIdentity[$0.identity] != nil }.map { ($0.identity, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        // History order is `StoredEvent.history(of:)`'s (time, then source and id as bytes).
        let added = StoredEvent.history(of: new).compactMap { validatedNew[EventIdentity(source: $0.source, id: $0.eventId)] }
        return bound.beyond(stored: earlier, new: added).compactMap { index in
            let event = added[index]
            return byIdentity[event.identity].map {
                (event.identity, Refusal(refusing: $0, reason: bound.rule(for: EventsPerTypeAndYear.bucket(of: event))))
            }
        }
    }
}

/// The store asked for a person's rows from a history this lane said it held but does not:
/// a programming error, never the data's; the transaction rolls back and is retried.
struct HistoryNotHeld: Error, CustomStringConvertible {
    let personId: String
    var description: String { "the history of a person was not held as announced" }
}
