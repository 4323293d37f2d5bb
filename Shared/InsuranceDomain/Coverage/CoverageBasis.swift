/// Which start rule opened a coverage period (the `basis` column of `coverage_periods`).
public enum CoverageBasis: String, Sendable, Hashable, Codable, CaseIterable {
    /// Paid in full by the end of the declaration window (or earlier): 1 October Y.
    case annual
    /// A local newborn enrolled within 6 months of birth, paid from birth: the birth date.
    case newborn
    /// Everyone else: the first day of the month after full payment.
    case monthAfterPayment = "month_after_payment"
}
