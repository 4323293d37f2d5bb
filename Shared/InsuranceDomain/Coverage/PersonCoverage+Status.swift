extension PersonCoverage {
    /// Covered on `day`, or why not. Reasons are checked in this order: blocked by a duplicate
    /// enrolment elsewhere; not eligible (the registration in force that day says so); stopped (a stop on or before the day with no
    /// enrolment paid in full or begun since); waiting for the registration a from-birth payment needs
    /// (before any period); a later period (paid but not yet started, or a gap after a late
    /// renewal when no stop came between); an incomplete enrolment that could still cover
    /// the day; otherwise not paid (or not enrolled when no enrolment event exists at all).
    public func status(on day: LocalDate) -> CoverageStatus {
        if let period = periods.first(where: { $0.contains(day) }) { return .covered(period) }
        if let span = facts.blocked.first(where: { $0.contains(day) }) {
            return .notCovered(.duplicateEnrolment(conflictId: span.conflictId, otherRegion: span.otherRegion, since: span.from))
        }
        if let reason = facts.eligibility.notEligible(on: day) { return .notCovered(.notEligible(reason: reason)) }
        let lastStop = facts.stops.last(where: { $0 <= day })
        if let stop = lastStop, !facts.completions.contains(where: { $0 >= stop && $0 <= day }),
            !facts.incomplete.contains(where: { $0.startedOn >= stop && $0.startedOn <= day })
        {
            return .notCovered(.stopped(effectiveOn: stop))
        }
        if facts.waitingForRegistration, periods.allSatisfy({ $0.startsOn > day }) {
            return .notCovered(.waitingForRegistration)
        }
        if let next = periods.first(where: { $0.startsOn > day }) {
            if let prior = periods.last(where: { $0.endsOn < day }), lastStop.map({ $0 <= prior.endsOn }) ?? true {
                return .notCovered(.gapAfterLateRenewal(resumesOn: next.startsOn))
            }
            return .notCovered(.paidNotYetStarted(startsOn: next.startsOn))
        }
        if let open = facts.incomplete.first(where: { day <= $0.lastDay }) {
            return .notCovered(.paymentIncomplete(policyYear: open.policyYear, paidFen: open.paidFen, dueFen: open.dueFen))
        }
        return .notCovered(facts.hasEnrolmentEvents ? .notPaid : .notEnrolled)
    }

    /// The outpatient facility on `day`: in force, none chosen, or a hospital choice that
    /// lapsed on the 14th birthday.
    public func facilityStatus(on day: LocalDate) -> FacilityStatus {
        guard let last = facilityDecisions.last(where: { $0.outcome == .accepted && $0.binding.boundOn <= day })?.binding else {
            return .noneChosen
        }
        if last.facilityKind == .hospital, let lapse = facts.hospitalLapse, day >= lapse {
            return .hospitalChoiceLapsed(since: lapse, age: facts.hospitalLapseAge)
        }
        return .inForce(last)
    }

    /// The outpatient facility chosen and in force on `day`, if any.
    public func facility(on day: LocalDate) -> FacilityBinding? { facilityStatus(on: day).facility }

    /// The last day the accepted choice at `index` of `facilityDecisions` is in force: the day
    /// before the next accepted choice, or before the 14th birthday for a hospital; nil when
    /// open (or when `index` is not an accepted choice).
    public func lastDayInForce(ofDecisionAt index: Int) -> LocalDate? {
        guard facilityDecisions.indices.contains(index), facilityDecisions[index].outcome == .accepted else { return nil }
        let binding = facilityDecisions[index].binding
        let next = facilityDecisions[(index + 1)...].first { $0.outcome == .accepted }?.binding.boundOn
        let lapse = binding.facilityKind == .hospital ? facts.hospitalLapse : nil
        let ends = [next, lapse].compactMap { $0 }.min()
        return ends?.adding(days: -1)
    }

    /// The family account authorisers in force on `day`, listed by date of authorisation
    /// (earliest first). Events carry no balances, so this is not the order in which the
    /// accounts pay (largest balance first, decided when paying). A binding is in force only on
    /// the days the beneficiary is covered (docs/rules.md, "Family account sharing"): on other
    /// days it is kept, since it may come before the payment, but nobody is listed.
    public func authorisers(on day: LocalDate) -> [FamilyAuthorisation] {
        guard periods.contains(where: { $0.contains(day) }) else { return [] }
        return familyAuthorisations.filter { $0.isInForce(on: day) }
    }
}

/// Whether a person is covered on a given day, and if not, why.
public enum CoverageStatus: Sendable, Hashable {
    case covered(CoveragePeriod)
    case notCovered(NotCoveredReason)

    public var isCovered: Bool {
        if case .covered = self { return true }
        return false
    }
}
