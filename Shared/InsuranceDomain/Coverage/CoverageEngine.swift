/// The coverage engine: a pure function from one person's events to their coverage.
///
/// The result depends only on the *set* of events: duplicates (same `source`+`id`) and
/// arrival order change nothing, and the same `paymentId` in several events is one payment.
/// The rules, and the decisions taken where the sources are silent, are in docs/rules.md;
/// each step below names the type that holds it:
/// - who is insured: `Eligibility` (a payment in full stands on its own; a registration of a
///   person who does not qualify keeps the payments made from its date from counting);
/// - which payments count and how they form enrolments, restoration after a stop included:
///   `PaymentLedger`;
/// - when benefits start: `StartRules`; every period ends 30 September Y+1, or the day before
///   the stop that ends its enrolment;
/// - duplicate enrolment elsewhere: `ConflictBlocks`;
/// - facility and family-account bindings: `FacilityRules`, `FamilyAccountRules`.
/// A policy year the parameters do not list is computed with the nearest listed year's
/// parameters (`PolicyBook.year`), never refused.
public enum CoverageEngine {
    /// Evaluates one person. `events` should all be about `personId` (others are ignored);
    /// `externalRefusals` are events refused by rules that span persons (see
    /// `FamilyAccountRules.limitRefusals`).
    public static func evaluate(
        personId: String,
        events: [ValidatedEvent],
        policy: PolicyBook,
        externalRefusals: [EventIdentity: String] = [:]
    ) -> PersonCoverage {
        let rules = policy.rules
        let input = PersonEvents(personId: personId, events: events)
        let eligibility = Eligibility(input.registrations, rules: rules)
        // The newborn rule reads the earliest qualifying registration; the rules not tied to a
        // day read the latest registration's birth date.
        let newbornRegistration = eligibility.newbornRegistration
        let birthDate = eligibility.latest?.birthDate
        let ledger = PaymentLedger(
            payments: input.payments,
            reversals: input.reversals,
            stops: input.stops,
            eligibility: eligibility,
            sourceGroups: policy.sourceGroups
        )
        let conflicts = ConflictBlocks(detected: input.conflictsDetected, resolved: input.conflictsResolved)

        var facts = CoverageFacts()
        facts.hasEnrolmentEvents = !input.registrations.isEmpty || !input.payments.isEmpty || !input.reversals.isEmpty
        facts.stops = input.stops
        facts.payments = ledger.countedPayments
        facts.blocked = conflicts.spans
        facts.hospitalLapse = FacilityRules.hospitalLapse(birthDate: birthDate, rules: rules)
        facts.hospitalLapseAge = rules.hospitalChoiceAgeLimit
        facts.eligibility = eligibility
        facts.renewalAgeLimitReachedOn = birthDate?.birthday(turning: rules.defaultRenewalAgeLimit)

        var periods: [CoveragePeriod] = []
        var newbornYears: Set<Int> = []
        for enrolment in ledger.enrolments {
            let year = policy.year(enrolment.policyYear)
            guard let completedAt = enrolment.completedAt else {
                let yearEnd = year.benefitsEndOn
                facts.incomplete.append(
                    IncompleteEnrolment(
                        policyYear: enrolment.policyYear,
                        paidFen: enrolment.paidFen,
                        dueFen: enrolment.dueFen,
                        startedOn: enrolment.startedOn,
                        lastDay: enrolment.endingStop.map { min(yearEnd, $0.adding(days: -1)) } ?? yearEnd
                    )
                )
                continue
            }
            let completedOn = completedAt.chinaDate
            facts.completions.append(completedOn)
            if enrolment.fromBirth, eligibility.isEmpty { facts.waitingForRegistration = true }
            guard
                var period = StartRules.period(
                    year: year,
                    completedOn: completedOn,
                    fromBirth: enrolment.fromBirth,
                    registration: newbornRegistration,
                    newbornYears: newbornYears,
                    rules: rules
                )
            else { continue }
            if period.basis == .newborn { newbornYears.insert(enrolment.policyYear) }
            if let stop = enrolment.endingStop, stop <= period.endsOn {
                guard stop > period.startsOn else { continue }
                period = period.with(endsOn: stop.adding(days: -1))
            }
            periods += conflicts.apply(to: period)
        }
        facts.completions.sort()
        periods.sort { ($0.startsOn, $0.policyYear) < ($1.startsOn, $1.policyYear) }

        var refused = ledger.refused + conflicts.refused
        let facilityDecisions = FacilityRules.decide(input.facilities, birthDate: birthDate, rules: rules)
        for (identity, decision) in facilityDecisions {
            if case .refused(let reason) = decision.outcome { refused.append((identity, reason)) }
        }
        let family = FamilyAccountRules.authorisations(
            bindings: input.familyBindings,
            revocations: input.familyRevocations,
            excluded: externalRefusals
        )
        refused += family.refused

        let refusedEvents = refused.sorted { ($0.0.id, $0.0.source) < ($1.0.id, $1.0.source) }
            .map { RefusedEvent(eventId: $0.0.id, reason: $0.1) }
        return PersonCoverage(
            personId: personId,
            periods: periods,
            refused: refusedEvents,
            facilityDecisions: facilityDecisions.map(\.decision),
            familyAuthorisations: family.authorisations,
            facts: facts
        )
    }

    /// Evaluates every person in `events`, in `personId` order (the offline evaluation).
    public static func evaluateAll(events: [ValidatedEvent], policy: PolicyBook) -> [PersonCoverage] {
        let limits = FamilyAccountRules.limitRefusals(events: events, policy: policy)
        return Dictionary(grouping: events, by: \.personId).sorted { $0.key < $1.key }.map {
            evaluate(personId: $0.key, events: $0.value, policy: policy, externalRefusals: limits)
        }
    }
}

extension CoverageEngine {
    /// Evaluates the events of one person, taking the person from the events (the smallest
    /// `personId` among them, so the answer does not depend on order; pass one person's
    /// events). With no events the result is an empty coverage for person "".
    public static func evaluate(events: [ValidatedEvent], policy: PolicyBook) -> PersonCoverage {
        evaluate(personId: events.map(\.personId).min() ?? "", events: events, policy: policy)
    }
}

/// One person's events sorted by kind, each with its identity, after set semantics
/// (`EventSet`): what the rules read.
struct PersonEvents {
    var registrations: [(identity: EventIdentity, registration: EnrollmentRegistered)] = []
    /// Effective dates, ascending.
    var stops: [LocalDate] = []
    var payments: [(identity: EventIdentity, payment: ContributionPaid)] = []
    var reversals: [(identity: EventIdentity, reversal: ContributionReversed)] = []
    var facilities: [(identity: EventIdentity, binding: FacilityBinding)] = []
    var familyBindings: [(identity: EventIdentity, binding: FamilyAccountBinding)] = []
    var familyRevocations: [(identity: EventIdentity, revocation: FamilyAccountRevocation)] = []
    var conflictsDetected: [(identity: EventIdentity, detection: EnrollmentConflictDetected)] = []
    var conflictsResolved: [(identity: EventIdentity, resolution: EnrollmentConflictResolved)] = []

    init(personId: String, events: [ValidatedEvent]) {
        for e in EventSet(events).events where e.personId == personId {
            switch e.event {
            case .enrollmentRegistered(let r): registrations.append((e.identity, r))
            case .enrollmentStopped(let s): stops.append(s.effectiveOn)
            case .enrollmentConflictDetected(let c): conflictsDetected.append((e.identity, c))
            case .enrollmentConflictResolved(let c): conflictsResolved.append((e.identity, c))
            case .contributionPaid(let p): payments.append((e.identity, p))
            case .contributionReversed(let r): reversals.append((e.identity, r))
            case .facilityBinding(let b): facilities.append((e.identity, b))
            case .familyAccountBinding(let b): familyBindings.append((e.identity, b))
            case .familyAccountRevocation(let r): familyRevocations.append((e.identity, r))
            }
        }
        stops.sort()
    }
}

/// A person's events as a set: one event per `source`+`id`, in identity order.
///
/// Re-sent events are identical, so keeping any copy would do; should two different events
/// share an identity, the one whose `data` JSON sorts first is kept, so the choice never
/// depends on arrival order.
struct EventSet {
    let events: [ValidatedEvent]

    init(_ input: [ValidatedEvent]) {
        let sorted = input.sorted { ($0.source, $0.id) < ($1.source, $1.id) }
        var unique: [ValidatedEvent] = []
        unique.reserveCapacity(sorted.count)
        for event in sorted {
            if let last = unique.last, last.source == event.source, last.id == event.id {
                if last.event != event.event,
                    JSONWriter.bytes(event.event.data).lexicographicallyPrecedes(JSONWriter.bytes(last.event.data))
                {
                    unique[unique.count - 1] = event
                }
                continue
            }
            unique.append(event)
        }
        events = unique
    }
}
