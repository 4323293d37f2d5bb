import InsuranceDomain

/// What the rules say about a person beyond the periods: why they are not eligible, the days
/// blocked by a duplicate enrolment elsewhere, the outpatient facility on the page's day, and
/// the policy years whose parameters are assumed.
public struct TimelineNotices: Sendable, Hashable {
    public var notEligibleReason: String?
    public var blocked: [BlockedSpan] = []
    public var facility: FacilityStatus = .noneChosen
    /// Policy years of the person's periods that rest on assumed parameters.
    public var assumedPolicyYears: Set<Int> = []

    public init() {}

    init(coverage: PersonCoverage, asOf: LocalDate, policy: PolicyBook) {
        notEligibleReason = coverage.notEligibleReason
        blocked = coverage.blockedSpans
        facility = coverage.facilityStatus(on: asOf)
        assumedPolicyYears = Set(coverage.periods.map(\.policyYear).filter(policy.isAssumed))
    }
}
