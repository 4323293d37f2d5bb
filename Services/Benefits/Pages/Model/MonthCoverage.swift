/// Covered persons in one calendar month (`YYYY-MM`), by basis (one row of `coverage_by_month`
/// per basis, folded together).
public struct MonthCoverage: Sendable, Hashable {
    public var month: String
    public var annual: Int
    public var newborn: Int
    public var monthAfterPayment: Int

    public init(month: String, annual: Int = 0, newborn: Int = 0, monthAfterPayment: Int = 0) {
        self.month = month
        self.annual = annual
        self.newborn = newborn
        self.monthAfterPayment = monthAfterPayment
    }

    /// Saturating: the counts are read from the database.
    public var total: Int { Saturating.add(Saturating.add(annual, newborn), monthAfterPayment) }
}
