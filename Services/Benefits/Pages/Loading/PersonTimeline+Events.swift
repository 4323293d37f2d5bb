import InsuranceDomain

extension PersonTimeline {
    /// Builds a person's timeline from the stored raw events (payloads as received) and the
    /// rows derived from them. Payments, reversals, the stop and the registration day come from
    /// the events, decoded with the domain's own validation; an event that no longer decodes is
    /// counted in `unreadableEvents`. Citizen ID numbers and names are read but never kept.
    public static func assemble(
        personId: String, asOf: LocalDate, payloads: [String], derived: PersonResult, policy: PolicyBook
    ) -> PersonTimeline {
        var timeline = PersonTimeline(
            personId: personId, asOf: asOf, periods: derived.periods,
            facilityBindings: derived.facilityBindings, familyBindings: derived.familyBindings)
        var payments: [String: TimelinePayment] = [:]
        var reversals: [String: TimelineReversal] = [:]
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
            case .contributionPaid(let e):
                // The same payment id reported twice is one payment: the first report stands.
                if payments[e.paymentId] == nil {
                    payments[e.paymentId] = TimelinePayment(
                        paymentId: e.paymentId, policyYear: e.policyYear, amountFen: e.amountFen, dueFen: e.dueFen,
                        paidOn: e.paidAt.chinaDate, fromBirth: e.fromBirth)
                }
            case .contributionReversed(let e):
                let reversal = TimelineReversal(reversedOn: e.reversedAt.chinaDate, reason: e.reason)
                if reversals[e.paymentId].map({ reversal.reversedOn < $0.reversedOn }) ?? true {
                    reversals[e.paymentId] = reversal
                }
            case .facilityBinding, .familyAccountBinding, .familyAccountRevocation,
                 .enrollmentConflictDetected, .enrollmentConflictResolved:
                // Bindings are shown from the binding tables, which hold the engine's decision
                // and reason; conflicts from the engine's verdict below.
                break
            }
        }
        for (id, reversal) in reversals { payments[id]?.reversal = reversal }
        timeline.notices = TimelineNotices(
            coverage: CoverageEngine.evaluate(personId: personId, events: events, policy: policy), asOf: asOf, policy: policy)
        timeline.payments = payments.values.sorted { ($0.paidOn, $0.paymentId) < ($1.paidOn, $1.paymentId) }
        return timeline
    }
}
