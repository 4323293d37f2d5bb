import InsuranceDomain

/// One `coverage_periods` row, as text so the table and the engine compare exactly.
struct CoverageRow: Sendable, Hashable, Comparable, CustomStringConvertible {
    let personId: String
    let policyYear: Int
    let startsOn: String
    let endsOn: String
    let startMonth: String
    let basis: String

    init(personId: String, policyYear: Int, startsOn: String, endsOn: String, startMonth: String, basis: String) {
        self.personId = personId
        self.policyYear = policyYear
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.startMonth = startMonth
        self.basis = basis
    }

    init(personId: String, period: CoveragePeriod) {
        self.init(
            personId: personId,
            policyYear: period.policyYear,
            startsOn: period.startsOn.description,
            endsOn: period.endsOn.description,
            startMonth: period.startMonth,
            basis: period.basis.rawValue
        )
    }

    static func < (lhs: CoverageRow, rhs: CoverageRow) -> Bool {
        (lhs.personId, lhs.startsOn, lhs.policyYear, lhs.basis) < (rhs.personId, rhs.startsOn, rhs.policyYear, rhs.basis)
    }

    var description: String { "\(personId) \(policyYear) \(startsOn)…\(endsOn) \(startMonth) \(basis)" }
}
