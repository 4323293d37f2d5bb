/// The parameters of one policy year Y, whose premium pays for September Y to August Y+1
/// and whose benefits run 1 October Y to 30 September Y+1.
public struct PolicyYear: Sendable, Hashable, Codable {
    public let policyYear: Int
    /// The declaration window (统一申报期), announced each year; normally 1–30 September.
    public let windowOpensOn: LocalDate
    public let windowClosesOn: LocalDate
    /// The insured's annual share, in fen (2024: 43632).
    public let individualPremiumFen: Int
    /// The city's annual subsidy, in fen (2024: 87264).
    public let subsidyFen: Int
    /// True when the numbers are carried over from another year, not yet announced.
    public let assumed: Bool
    /// What benefits pay this year (rates, cap, multipliers); nil when the file gives none for
    /// it: `PolicyBook.benefits(for:)` then carries the latest listed figures forward.
    public let benefits: BenefitRates?

    public init(
        policyYear: Int,
        windowOpensOn: LocalDate,
        windowClosesOn: LocalDate,
        individualPremiumFen: Int,
        subsidyFen: Int,
        assumed: Bool = false,
        benefits: BenefitRates? = nil
    ) {
        self.policyYear = policyYear
        self.windowOpensOn = windowOpensOn
        self.windowClosesOn = windowClosesOn
        self.individualPremiumFen = individualPremiumFen
        self.subsidyFen = subsidyFen
        self.assumed = assumed
        self.benefits = benefits
    }

    /// This year's numbers and window moved to `policyYear`, marked assumed.
    func carried(to target: Int) -> PolicyYear {
        let shift = target &- policyYear
        return PolicyYear(
            policyYear: target,
            windowOpensOn: windowOpensOn.adding(years: shift),
            windowClosesOn: windowClosesOn.adding(years: shift),
            individualPremiumFen: individualPremiumFen,
            subsidyFen: subsidyFen,
            assumed: true
        )
    }

    /// Only for an empty book, which `PolicyBook.init` refuses: 2024's published numbers.
    static func placeholder(_ policyYear: Int) -> PolicyYear {
        PolicyYear(
            policyYear: policyYear,
            windowOpensOn: LocalDate.firstOf(year: policyYear, month: 9),
            windowClosesOn: LocalDate.firstOf(year: policyYear, month: 9).adding(days: 29),
            individualPremiumFen: 43632,
            subsidyFen: 87264,
            assumed: true
        )
    }

    /// The first day of the premium period: 1 September Y.
    public var premiumStartsOn: LocalDate { LocalDate.firstOf(year: policyYear, month: 9) }

    /// The first day of annual benefits: 1 October Y.
    public var benefitsStartOn: LocalDate { LocalDate.firstOf(year: policyYear, month: 10) }

    /// The last day of benefits for every start rule: 30 September Y+1.
    public var benefitsEndOn: LocalDate { LocalDate.firstOf(year: policyYear &+ 1, month: 10).adding(days: -1) }

    /// Months of the premium period left when applying on `date`, counting the month of
    /// application (September → 12, August of Y+1 → 1); 0 outside the period.
    public func remainingMonths(appliedOn date: LocalDate) -> Int {
        // Years of days and policy years are bounded (0001–9999), so this cannot overflow
        // for any day; an absurd policy year from a file is clamped first.
        let index = (date.year - min(max(policyYear, -100_000), 100_000)) * 12 + date.month - 9
        return (0..<12).contains(index) ? 12 - index : (index < 0 ? 12 : 0)
    }

    /// What a person applying on `date` owes for this year, in fen:
    /// annual premium ÷ 12 × remaining months, rounded half up to the fen (docs/rules.md, "Money": a decision).
    public func dueFen(appliedOn date: LocalDate) -> Int {
        // Saturating: a premium from a policy file is a number from outside.
        let (twice, overflow) = individualPremiumFen.multipliedReportingOverflow(by: remainingMonths(appliedOn: date) * 2)
        return overflow || twice > Int.max - 12 ? Int.max / 24 : (twice + 12) / 24
    }
}
