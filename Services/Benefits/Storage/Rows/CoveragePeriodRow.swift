/// One row of `coverage_periods` (dates as `YYYY-MM-DD`, month as `YYYY-MM`).
public struct CoveragePeriodRow: Sendable, Hashable, Codable {
    public var policyYear: Int
    public var startsOn: String
    public var endsOn: String
    public var startMonth: String
    /// `annual`, `newborn` or `month_after_payment`.
    public var basis: String

    public init(policyYear: Int, startsOn: String, endsOn: String, startMonth: String, basis: String) {
        self.policyYear = policyYear
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.startMonth = startMonth
        self.basis = basis
    }
}
