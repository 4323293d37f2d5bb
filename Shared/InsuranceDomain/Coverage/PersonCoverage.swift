/// Everything the rules say about one person, computed from their events by
/// `CoverageEngine.evaluate`. Encodes as the offline evaluation line of CONTRACT.md:
/// `{"personId":…,"periods":[…],"refused":[{"eventId":…,"reason":…}]}`.
public struct PersonCoverage: Sendable, Hashable, Encodable {
    public let personId: String
    /// In `startsOn` order.
    public let periods: [CoveragePeriod]
    /// Valid events the rules refused, in `eventId` order.
    public let refused: [RefusedEvent]
    /// Every facility choice in the order made, with its outcome.
    public let facilityDecisions: [FacilityDecision]
    /// Family account authorisations (accepted ones, revoked or not), earliest first.
    public let familyAuthorisations: [FamilyAuthorisation]
    let facts: CoverageFacts

    init(personId: String, periods: [CoveragePeriod], refused: [RefusedEvent], facilityDecisions: [FacilityDecision], familyAuthorisations: [FamilyAuthorisation], facts: CoverageFacts) {
        self.personId = personId
        self.periods = periods
        self.refused = refused
        self.facilityDecisions = facilityDecisions
        self.familyAuthorisations = familyAuthorisations
        self.facts = facts
    }

    enum CodingKeys: String, CodingKey {
        case personId, periods, refused
    }

    /// The offline evaluation line of CONTRACT.md with keys in the contract's order
    /// (`JSONEncoder` does not keep key order on Linux): `{"personId":…,"periods":[{"policyYear":…,
    /// "startsOn":…,"endsOn":…,"startMonth":…,"basis":…}],"refused":[{"eventId":…,"reason":…}]}`.
    public var evaluationJSON: [UInt8] {
        JSONWriter.bytes(.object([
            JSONMember("personId", .string(personId)),
            JSONMember("periods", .array(periods.map { p in
                .object([
                    JSONMember("policyYear", .number(String(p.policyYear))),
                    JSONMember("startsOn", .string(p.startsOn.description)),
                    JSONMember("endsOn", .string(p.endsOn.description)),
                    JSONMember("startMonth", .string(p.startMonth)),
                    JSONMember("basis", .string(p.basis.rawValue)),
                ])
            })),
            JSONMember("refused", .array(refused.map { r in
                .object([JSONMember("eventId", .string(r.eventId)), JSONMember("reason", .string(r.reason))])
            })),
        ]))
    }

    /// Covered on `day`, or why not. Reasons are checked in this order: no registration
    /// (waiting when payments exist), stopped (a stop on or before the day with no payment
    /// completed since), paid but not yet started / gap after a late renewal (a period
    /// starts later), payment incomplete, otherwise not paid.
    public func status(on day: LocalDate) -> CoverageStatus {
        if let period = periods.first(where: { $0.contains(day) }) { return .covered(period) }
        guard facts.hasRegistration else {
            return .notCovered(facts.hasPayments ? .waitingForRegistration : .notEnrolled)
        }
        if let stop = facts.stops.last(where: { $0 <= day }), !facts.completions.contains(where: { $0 >= stop && $0 <= day }) {
            return .notCovered(.stopped(effectiveOn: stop))
        }
        if let next = periods.first(where: { $0.startsOn > day }) {
            return .notCovered(periods.contains(where: { $0.endsOn < day })
                ? .gapAfterLateRenewal(resumesOn: next.startsOn) : .paidNotYetStarted(startsOn: next.startsOn))
        }
        if let open = facts.incomplete.first(where: { day <= LocalDate.clamped(year: $0.policyYear &+ 1, month: 9, day: 30) }) {
            return .notCovered(.paymentIncomplete(policyYear: open.policyYear, paidFen: open.paidFen, dueFen: open.dueFen))
        }
        return .notCovered(.notPaid)
    }

    /// The outpatient facility chosen and in force on `day`, if any.
    public func facility(on day: LocalDate) -> FacilityBinding? {
        facilityDecisions.last(where: { $0.outcome == .accepted && $0.binding.boundOn <= day })?.binding
    }

    /// The family account authorisers in force on `day`, in order of use (earliest
    /// authorisation first; see `FamilyAccountRules`).
    public func authorisers(on day: LocalDate) -> [FamilyAuthorisation] {
        familyAuthorisations.filter { $0.isInForce(on: day) }
    }
}
