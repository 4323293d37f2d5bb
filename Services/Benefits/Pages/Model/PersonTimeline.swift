import InsuranceDomain

/// Everything the coverage timeline page shows about one person; no personal data
/// (citizen ID numbers, names) ever gets here.
public struct PersonTimeline: Sendable, Hashable {
    public var personId: String
    /// The day the timeline is drawn for ("today"); the axis reaches at least to it.
    public var asOf: LocalDate
    /// The earliest `appliedOn` of the person's enrolments; gaps are counted from it.
    public var registeredOn: LocalDate?
    public var periods: [CoveragePeriodRow]
    public var payments: [TimelinePayment]
    public var stop: TimelineStop?
    public var facilityBindings: [FacilityBindingRow]
    public var familyBindings: [FamilyAccountBindingRow]
    /// Stored events the page could not read (shown, never silently dropped).
    public var unreadableEvents: Int
    /// The engine's verdicts the chart cannot show by itself.
    public var notices = TimelineNotices()

    public init(
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
    public var gaps: [TimelineGap] {
        let spans = periods.compactMap { row -> (LocalDate, LocalDate)? in
            guard let start = LocalDate(row.startsOn), let end = LocalDate(row.endsOn) else { return nil }
            return (start, end)
        }.sorted { $0.0 < $1.0 }
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
