extension PolicyBook {
    /// What benefits pay in `policyYear`: the year's own figures when the file lists them,
    /// else the latest listed year's before it (else the earliest listed), carried forward
    /// like the premium and marked assumed; `BenefitRates.published2024` when no year has any.
    public func benefits(for policyYear: Int) -> (rates: BenefitRates, assumed: Bool) {
        if let own = years[policyYear]?.benefits { return (own, year(policyYear).assumed) }
        let withFigures = years.values.filter { $0.benefits != nil }.map(\.policyYear).sorted()
        guard let from = withFigures.last(where: { $0 < policyYear }) ?? withFigures.first,
            let rates = years[from]?.benefits
        else { return (BenefitRates.published2024, true) }
        return (rates, true)
    }
}
