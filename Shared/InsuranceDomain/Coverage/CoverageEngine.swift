/// The coverage engine: a pure function from one person's events to their coverage.
///
/// The result depends only on the *set* of events: duplicates (same `source`+`id`) and
/// arrival order change nothing, and the same `paymentId` in several events is one payment.
///
/// Rules (docs/rules.md, rules 1–10) and the decisions taken where the sources are silent:
/// - Coverage needs an accepted registration; payments without one are kept and the status
///   is "waiting for registration". With several registrations, the earliest `appliedOn`
///   decides (then event identity). A registration is refused when the person does not
///   qualify: a non-local child (pupil, or not in school such as a non-local newborn) whose
///   guardian has fewer than 12 months of city social insurance (missing counts as 0), or a
///   child not in school aged 18+ on `appliedOn`. University students qualify regardless.
/// - Per policy year, payments not reversed are summed in `paidAt` order against the
///   largest `dueFen` reported for that year; the year is complete at the instant the sum
///   reaches it. A reversal counts whenever it arrives (before its payment too).
/// - The same `paymentId` reported with a different policy year, amount or due is refused;
///   the copy with the earliest `paidAt` (then event identity) counts.
/// - Start: newborn (a payment of the year says `fromBirth`, local household registration,
///   enrolled on or before birth + 6 months, born within the premium period September Y –
///   August Y+1) → the birth date; else complete on or before the year's declaration window
///   closes → 1 October Y (`annual`); else the first day of the month after the China-time
///   day of completion (`month_after_payment`). A `fromBirth` payment that does not qualify
///   is not refused; it falls to the other rules. Every period ends 30 September Y+1; a
///   start after that gives no period.
/// - A stop ends every period paid in full before its effective date on the day before it
///   (a period starting on or after it disappears); payments completed on or after the
///   stop's date are a new enrolment and are not cut.
public enum CoverageEngine {
    /// Evaluates one person. `events` should all be about `personId` (others are ignored);
    /// `externalRefusals` are events refused by rules that span persons (see
    /// `FamilyAccountRules.limitRefusals`).
    public static func evaluate(
        personId: String, events: [ValidatedEvent], policy: PolicyBook,
        externalRefusals: [EventIdentity: String] = [:]
    ) -> PersonCoverage {
        let rules = policy.rules
        var refused: [(EventIdentity, String)] = []
        var registrations: [(EventIdentity, EnrollmentRegistered)] = []
        var stops: [LocalDate] = []
        var payments: [(EventIdentity, ContributionPaid)] = []
        var reversed: Set<String> = []
        var facilities: [(identity: EventIdentity, binding: FacilityBinding)] = []
        var familyBindings: [(identity: EventIdentity, binding: FamilyAccountBinding)] = []
        var familyRevocations: [(identity: EventIdentity, revocation: FamilyAccountRevocation)] = []

        for e in EventSet(events).events where e.personId == personId {
            switch e.event {
            case .enrollmentRegistered(let r):
                if let reason = registrationRefusal(r, rules: rules) {
                    refused.append((e.identity, reason))
                } else {
                    registrations.append((e.identity, r))
                }
            case .enrollmentStopped(let s): stops.append(s.effectiveOn)
            case .contributionPaid(let p): payments.append((e.identity, p))
            case .contributionReversed(let r): reversed.insert(r.paymentId)
            case .facilityBinding(let b): facilities.append((e.identity, b))
            case .familyAccountBinding(let b): familyBindings.append((e.identity, b))
            case .familyAccountRevocation(let r): familyRevocations.append((e.identity, r))
            }
        }
        stops.sort()
        let registration = registrations.min { ($0.1.appliedOn, $0.0) < ($1.1.appliedOn, $1.0) }?.1

        // One payment per paymentId: the earliest copy counts, conflicting copies are refused.
        payments.sort { ($0.1.paidAt, $0.0) < ($1.1.paidAt, $1.0) }
        var byPaymentId: [String: ContributionPaid] = [:]
        var byYear: [Int: [ContributionPaid]] = [:]
        for (identity, p) in payments {
            if let first = byPaymentId[p.paymentId] {
                if first.policyYear != p.policyYear || first.amountFen != p.amountFen || first.dueFen != p.dueFen {
                    refused.append((identity, "paymentId was already reported with policyYear \(first.policyYear), amountFen \(first.amountFen), dueFen \(first.dueFen)"))
                }
                continue
            }
            byPaymentId[p.paymentId] = p
            if !reversed.contains(p.paymentId) { byYear[p.policyYear, default: []].append(p) }
        }

        var facts = CoverageFacts()
        facts.hasRegistration = registration != nil
        facts.hasPayments = !byYear.isEmpty
        facts.stops = stops
        var periods: [CoveragePeriod] = []
        for (year, yearPayments) in byYear.sorted(by: { $0.key < $1.key }) {
            guard let parameters = policy.year(year) else {
                let ids = Set(yearPayments.map(\.paymentId))
                for (identity, p) in payments where ids.contains(p.paymentId) && p.policyYear == year {
                    refused.append((identity, "no policy parameters for policy year \(year) (known years: \(policy.knownYearsText))"))
                }
                continue
            }
            let due = yearPayments.reduce(0) { max($0, $1.dueFen) }
            var paid = 0
            var completedAt: Timestamp?
            for p in yearPayments {
                paid += p.amountFen
                if paid >= due { completedAt = p.paidAt; break }
            }
            guard let completedAt else {
                facts.incomplete.append((year, paid, due))
                continue
            }
            let completedOn = completedAt.chinaDate
            facts.completions.append(completedOn)
            guard let registration else { continue }
            var period = startPeriod(
                year: parameters, completedOn: completedOn, registration: registration,
                fromBirth: yearPayments.contains(where: \.fromBirth), rules: rules)
            if let p = period, let stop = stops.first(where: { $0 > completedOn }), stop <= p.endsOn {
                period = stop > p.startsOn
                    ? CoveragePeriod(policyYear: year, startsOn: p.startsOn, endsOn: stop.adding(days: -1), basis: p.basis)
                    : nil
            }
            if let period { periods.append(period) }
        }
        facts.completions.sort()
        periods.sort { $0.startsOn < $1.startsOn }

        let facilityDecisions = FacilityRules.decide(facilities, birthDate: registration?.birthDate, rules: rules)
        for (identity, decision) in facilityDecisions {
            if case .refused(let reason) = decision.outcome { refused.append((identity, reason)) }
        }
        let family = FamilyAccountRules.authorisations(bindings: familyBindings, revocations: familyRevocations, excluded: externalRefusals)
        refused += family.refused

        let refusedEvents = refused.sorted { ($0.0.id, $0.0.source) < ($1.0.id, $1.0.source) }
            .map { RefusedEvent(eventId: $0.0.id, reason: $0.1) }
        return PersonCoverage(
            personId: personId, periods: periods, refused: refusedEvents, facilityDecisions: facilityDecisions.map(\.decision),
            familyAuthorisations: family.authorisations, facts: facts)
    }

    /// Evaluates every person in `events`, in `personId` order (the offline evaluation).
    public static func evaluateAll(events: [ValidatedEvent], policy: PolicyBook) -> [PersonCoverage] {
        let limits = FamilyAccountRules.limitRefusals(events: events, policy: policy)
        return Dictionary(grouping: events, by: \.personId).sorted { $0.key < $1.key }.map {
            evaluate(personId: $0.key, events: $0.value, policy: policy, externalRefusals: limits)
        }
    }

    static func registrationRefusal(_ r: EnrollmentRegistered, rules: PolicyRules) -> String? {
        if r.category == .childNotInSchool, r.birthDate.age(on: r.appliedOn) >= rules.childNotInSchoolAgeLimit {
            return "a child not in school qualifies only under \(rules.childNotInSchoolAgeLimit)"
        }
        switch (r.category, r.hukou) {
        case (.pupil, .nonLocal), (.childNotInSchool, .nonLocal):
            guard (r.guardianCityInsuredMonths ?? 0) < rules.nonLocalPupilGuardianMonths else { return nil }
            return "a child without local household registration qualifies only when a guardian has paid the city's social insurance for at least \(rules.nonLocalPupilGuardianMonths) months"
        default:
            return nil
        }
    }

    static func startPeriod(
        year: PolicyYear, completedOn: LocalDate, registration: EnrollmentRegistered, fromBirth: Bool, rules: PolicyRules
    ) -> CoveragePeriod? {
        let end = year.benefitsEndOn
        let birth = registration.birthDate
        let premiumEnds = year.premiumStartsOn.adding(months: 12).adding(days: -1)
        if fromBirth, registration.hukou == .local,
           registration.appliedOn <= birth.adding(months: rules.newbornEnrolmentMonths),
           year.premiumStartsOn <= birth, birth <= premiumEnds {
            return CoveragePeriod(policyYear: year.policyYear, startsOn: birth, endsOn: end, basis: .newborn)
        }
        if completedOn <= year.windowClosesOn {
            return CoveragePeriod(policyYear: year.policyYear, startsOn: year.benefitsStartOn, endsOn: end, basis: .annual)
        }
        let start = completedOn.firstOfNextMonth
        guard start <= end else { return nil }
        return CoveragePeriod(policyYear: year.policyYear, startsOn: start, endsOn: end, basis: .monthAfterPayment)
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
