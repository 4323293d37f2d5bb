/// What city to generate. The same options give the same events, byte for byte.
public struct SampleCityOptions: Sendable {
    /// How many people.
    public var persons: Int
    public var seed: UInt64
    /// The first policy year of the stories; renewals fall in the next one.
    public var policyYear: Int
    /// Annual individual premium in fen per policy year (policy data, passed in
    /// by the caller; the domain library's policy book is the source of truth).
    public var annualPremiumFen: [Int: Int]
    /// Share of people who also send one broken event.
    public var faultyShare: Double
    /// Share of people one of whose events is sent twice (same source and id).
    public var duplicateShare: Double

    public init(
        persons: Int,
        seed: UInt64 = 2024,
        policyYear: Int = 2024,
        annualPremiumFen: [Int: Int] = [:],
        faultyShare: Double = 0.01,
        duplicateShare: Double = 0.03
    ) {
        self.persons = persons
        self.seed = seed
        self.policyYear = policyYear
        self.annualPremiumFen = annualPremiumFen
        self.faultyShare = faultyShare
        self.duplicateShare = duplicateShare
    }

    func premium(for year: Int) -> Int {
        annualPremiumFen[year] ?? annualPremiumFen[policyYear] ?? annualPremiumFen.values.first ?? 43_632
    }
}
