import InsuranceDomain

/// Rebuilds a person's derived rows from their whole stored history with the domain's engine.
///
/// Events validated in the current batch are passed in (`known`) so they are not parsed a
/// second time; older ones are read back from their stored JSON.
///
/// The limit of beneficiaries per family-account authoriser spans persons: a batch's persons are
/// recomputed one by one (`result`), then the persons linked to an authoriser over the limit
/// are recomputed together (`resultsWithFamilyLimit`, see `BenefitsStore.applyFamilyAccountLimit`).
public struct CoverageRecomputation: Sendable {
    public let policy: PolicyBook

    public init(policy: PolicyBook) {
        self.policy = policy
    }

    /// The domain's view of the stored history (events that no longer validate are left out).
    public func validatedHistory(_ history: [StoredEvent], known: [EventIdentity: ValidatedEvent] = [:]) -> [ValidatedEvent] {
        history.compactMap { stored in
            if let event = known[EventIdentity(source: stored.source, id: stored.eventId)] { return event }
            return try? EventIntake.validate(json: Array(stored.payload.utf8), policy: policy).get()
        }
    }

    public func coverage(personId: String, history: [StoredEvent], known: [EventIdentity: ValidatedEvent] = [:]) -> PersonCoverage {
        CoverageEngine.evaluate(personId: personId, events: validatedHistory(history, known: known), policy: policy)
    }

    public func result(personId: String, history: [StoredEvent], known: [EventIdentity: ValidatedEvent] = [:]) -> PersonResult {
        let events = validatedHistory(history, known: known)
        return Self.rows(CoverageEngine.evaluate(personId: personId, events: events, policy: policy), events: events)
    }

    /// The rows of persons linked by family-account authorisers, with the limit of beneficiaries
    /// per authoriser applied over all their events (as the offline `evaluate` does).
    public func resultsWithFamilyLimit(
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
    public static func rows(_ coverage: PersonCoverage, events: [ValidatedEvent]) -> PersonResult {
        let periods = coverage.periods.map {
            CoveragePeriodRow(
                policyYear: $0.policyYear,
                startsOn: $0.startsOn.description,
                endsOn: $0.endsOn.description,
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
                boundOn: binding.boundOn.description,
                status: .accepted
            )
            switch decision.outcome {
            case .accepted:
                // In force until the day before the next accepted choice (or the 14th birthday for a hospital).
                row.endsOn = coverage.lastDayInForce(ofDecisionAt: index)?.description
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
                boundOn: authorisation.boundOn.description,
                revokedOn: authorisation.revokedOn?.description,
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
                    boundOn: binding.boundOn.description,
                    status: .refused,
                    reason: reason
                )
            )
        }
        let facts = PersonFactsRow(
            birthDate: coverage.birthDate?.description,
            ageLimitOn: coverage.renewalAgeLimitReachedOn?.description,
            lastStopOn: coverage.stopDates.max()?.description
        )
        return PersonResult(periods: periods, facilityBindings: facility, familyBindings: family, facts: facts)
    }
}
