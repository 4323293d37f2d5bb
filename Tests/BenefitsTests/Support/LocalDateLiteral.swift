import InsuranceDomain

/// Days written as `"2024-10-01"` in the tests' rows. A literal that is not a day is a typo in
/// a test, so it stops the run rather than becoming some other day.
extension LocalDate: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        guard let day = LocalDate(value) else { preconditionFailure("not a day (YYYY-MM-DD): \(value)") }
        self = day
    }
}
