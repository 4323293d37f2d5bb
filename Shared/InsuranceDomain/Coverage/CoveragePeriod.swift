/// One insured period; a row of `coverage_periods`.
public struct CoveragePeriod: Sendable, Hashable, Codable {
    public let policyYear: Int
    /// First covered day.
    public let startsOn: LocalDate
    /// Last covered day, inclusive.
    public let endsOn: LocalDate
    public let basis: CoverageBasis

    public init(policyYear: Int, startsOn: LocalDate, endsOn: LocalDate, basis: CoverageBasis) {
        self.policyYear = policyYear
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.basis = basis
    }

    /// `YYYY-MM` of `startsOn`.
    public var startMonth: String { startsOn.monthText }

    public func contains(_ day: LocalDate) -> Bool { startsOn <= day && day <= endsOn }

    enum CodingKeys: String, CodingKey {
        case policyYear, startsOn, endsOn, startMonth, basis
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            policyYear: try c.decode(Int.self, forKey: .policyYear),
            startsOn: try c.decode(LocalDate.self, forKey: .startsOn),
            endsOn: try c.decode(LocalDate.self, forKey: .endsOn),
            basis: try c.decode(CoverageBasis.self, forKey: .basis)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(policyYear, forKey: .policyYear)
        try c.encode(startsOn, forKey: .startsOn)
        try c.encode(endsOn, forKey: .endsOn)
        try c.encode(startMonth, forKey: .startMonth)
        try c.encode(basis, forKey: .basis)
    }
}

extension CoveragePeriod {
    func with(startsOn: LocalDate) -> CoveragePeriod {
        CoveragePeriod(policyYear: policyYear, startsOn: startsOn, endsOn: endsOn, basis: basis)
    }

    func with(endsOn: LocalDate) -> CoveragePeriod {
        CoveragePeriod(policyYear: policyYear, startsOn: startsOn, endsOn: endsOn, basis: basis)
    }
}

/// Which start rule opened a coverage period (the `basis` column of `coverage_periods`).
public enum CoverageBasis: String, Sendable, Hashable, Codable, CaseIterable {
    /// Paid in full by the end of the declaration window (or earlier): 1 October Y.
    case annual
    /// A local newborn enrolled within 6 months of birth, paid from birth: the birth date.
    case newborn
    /// Everyone else: the first day of the month after full payment.
    case monthAfterPayment = "month_after_payment"
}
