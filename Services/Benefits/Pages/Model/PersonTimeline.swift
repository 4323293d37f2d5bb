import InsuranceDomain

/// Everything the coverage timeline page shows about one person; no personal data
/// (citizen ID numbers, names) ever gets here.
package struct PersonTimeline: Sendable, Hashable {
    var personId: String
    /// The day the timeline is drawn for ("today"); the axis reaches at least to it.
    var asOf: LocalDate
    /// The earliest `appliedOn` of the person's enrolments; gaps are counted from it.
    var registeredOn: LocalDate?
    var periods: [CoveragePeriodRow]
    var payments: [TimelinePayment]
    var stop: TimelineStop?
    var facilityBindings: [FacilityBindingRow]
    var familyBindings: [FamilyAccountBindingRow]
    /// Stored events the page could not read (shown, never silently dropped).
    var unreadableEvents: Int
    /// The engine's verdicts the chart cannot show by itself.
    var notices = TimelineNotices()

    package init(
        personId: String,
        asOf: LocalDate,
        registeredOn: LocalDate? = nil,
        periods: [CoveragePeriodRow] = [],
        payments: [TimelinePayment] = [],
        stop: TimelineStop? = nil,
        facilityBindings: [FacilityBindingRow] = [],
        familyBindings: [FamilyAccountBindingRow] = [],
        unreadableEvents: Int = 0
    ) {
        self.personId = personId
        self.asOf = asOf
        self.registeredOn = registeredOn
        self.periods = periods
        self.payments = payments
        self.stop = stop
        self.facilityBindings = facilityBindings
        self.familyBindings = familyBindings
        self.unreadableEvents = unreadableEvents
    }

    /// Uncovered stretches after registration: before the first period, between periods, and after
    /// the last one up to `asOf` (or the day before the stop). Periods that overlap merge.
    var gaps: [TimelineGap] {
        let spans = periods.map { ($0.startsOn, $0.endsOn) }.sorted { $0.0 < $1.0 }
        let limit = stop.map { min($0.effectiveOn.adding(days: -1), asOf) } ?? asOf
        var gaps: [TimelineGap] = []
        var cursor = registeredOn
        for (start, end) in spans {
            if let from = cursor, from < start {
                gaps.append(TimelineGap(startsOn: from, endsOn: start.adding(days: -1)))
            }
            let next = end.adding(days: 1)
            cursor = max(cursor ?? next, next)
        }
        if let from = cursor, from <= limit {
            gaps.append(TimelineGap(startsOn: from, endsOn: limit))
        }
        return gaps
    }
}

/// Covered persons in one calendar month (`YYYY-MM`), by basis (one row of `coverage_by_month`
/// per basis, folded together).
package struct MonthCoverage: Sendable, Hashable {
    var month: String
    var annual: Int
    var newborn: Int
    var monthAfterPayment: Int

    package init(month: String, annual: Int = 0, newborn: Int = 0, monthAfterPayment: Int = 0) {
        self.month = month
        self.annual = annual
        self.newborn = newborn
        self.monthAfterPayment = monthAfterPayment
    }

    /// Saturating: the counts are read from the database.
    var total: Int { Saturating.add(Saturating.add(annual, newborn), monthAfterPayment) }
}

/// Days without coverage after registration (both ends inclusive).
struct TimelineGap: Sendable, Hashable {
    var startsOn: LocalDate
    var endsOn: LocalDate

    init(startsOn: LocalDate, endsOn: LocalDate) {
        self.startsOn = startsOn
        self.endsOn = endsOn
    }
}

/// What the rules say about a person beyond the periods: why they are not eligible, the days
/// blocked by a duplicate enrolment elsewhere, the outpatient facility on the page's day, and
/// the policy years whose parameters are assumed.
struct TimelineNotices: Sendable, Hashable {
    var notEligibleReason: String?
    var blocked: [BlockedSpan] = []
    var facility: FacilityStatus = .noneChosen
    /// Policy years of the person's periods that rest on assumed parameters.
    var assumedPolicyYears: Set<Int> = []

    init() {}

    init(coverage: PersonCoverage, asOf: LocalDate, policy: PolicyBook) {
        notEligibleReason = coverage.notEligibleReason
        blocked = coverage.blockedSpans
        facility = coverage.facilityStatus(on: asOf)
        assumedPolicyYears = Set(coverage.periods.map(\.policyYear).filter(policy.isAssumed))
    }
}

/// A payment as the timeline shows it: when (China date), how much, and whether it was reversed.
package struct TimelinePayment: Sendable, Hashable {
    var paymentId: String
    var policyYear: Int
    var amountFen: Int
    var dueFen: Int
    var paidOn: LocalDate
    var fromBirth: Bool
    /// Set when a reversal of this payment id is stored: the payment no longer counts.
    package var reversal: TimelineReversal?

    package init(
        paymentId: String,
        policyYear: Int,
        amountFen: Int,
        dueFen: Int,
        paidOn: LocalDate,
        fromBirth: Bool = false,
        reversal: TimelineReversal? = nil
    ) {
        self.paymentId = paymentId
        self.policyYear = policyYear
        self.amountFen = amountFen
        self.dueFen = dueFen
        self.paidOn = paidOn
        self.fromBirth = fromBirth
        self.reversal = reversal
    }
}

/// A payment's reversal (退费): when and why.
package struct TimelineReversal: Sendable, Hashable {
    var reversedOn: LocalDate
    var reason: String

    package init(reversedOn: LocalDate, reason: String) {
        self.reversedOn = reversedOn
        self.reason = reason
    }
}

/// A stop (停保): `effectiveOn` is the first day without benefits.
package struct TimelineStop: Sendable, Hashable {
    var effectiveOn: LocalDate
    var reason: String

    package init(effectiveOn: LocalDate, reason: String) {
        self.effectiveOn = effectiveOn
        self.reason = reason
    }
}
