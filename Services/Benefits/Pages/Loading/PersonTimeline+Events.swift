import InsuranceDomain

extension PersonTimeline {
    /// Builds a person's timeline from the stored raw events (payloads as received) and the
    /// rows derived from them. The payments and their reversals are the coverage engine's
    /// (`PersonCoverage.payments`: one per `paymentId`, reversals only from the paying source),
    /// so the page never counts money by a rule of its own; the stop and the registration day
    /// come from the events, decoded with the domain's own validation; an event that no longer
    /// decodes is counted in `unreadableEvents`. Citizen ID numbers and names are read but never kept.
    static func assemble(
        personId: String,
        asOf: LocalDate,
        payloads: [String],
        derived: PersonResult,
        policy: PolicyBook
    ) -> PersonTimeline {
        var timeline = PersonTimeline(
            personId: personId,
            asOf: asOf,
            periods: derived.periods,
            facilityBindings: derived.facilityBindings,
            familyBindings: derived.familyBindings
        )
        var events: [ValidatedEvent] = []
        for payload in payloads {
            guard case .success(let validated) = EventIntake.validate(json: Array(payload.utf8), policy: policy) else {
                timeline.unreadableEvents += 1
                continue
            }
            events.append(validated)
            switch validated.event {
            case .enrollmentRegistered(let e):
                timeline.registeredOn = min(timeline.registeredOn ?? e.appliedOn, e.appliedOn)
            case .enrollmentStopped(let e):
                if timeline.stop.map({ e.effectiveOn < $0.effectiveOn }) ?? true {
                    timeline.stop = TimelineStop(effectiveOn: e.effectiveOn, reason: e.reason)
                }
            case .contributionPaid, .contributionReversed, .facilityBinding, .familyAccountBinding,
                .familyAccountRevocation, .enrollmentConflictDetected, .enrollmentConflictResolved:
                // Payments come from the engine's ledger below, bindings from the binding tables
                // (the engine's decision and reason), conflicts from the engine's verdict.
                break
            }
        }
        let coverage = CoverageEngine.evaluate(personId: personId, events: events, policy: policy)
        timeline.notices = TimelineNotices(coverage: coverage, asOf: asOf, policy: policy)
        timeline.payments = coverage.payments.map { counted in
            let p = counted.payment
            return TimelinePayment(
                paymentId: p.paymentId,
                policyYear: p.policyYear,
                amountFen: p.amountFen,
                dueFen: p.dueFen,
                paidOn: p.paidAt.chinaDate,
                fromBirth: p.fromBirth,
                reversal: counted.reversal.map { TimelineReversal(reversedOn: $0.reversedAt.chinaDate, reason: $0.reason) }
            )
        }.sorted { ($0.paidOn, $0.paymentId) < ($1.paidOn, $1.paymentId) }
        return timeline
    }
}
