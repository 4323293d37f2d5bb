/// What benefits pay in one policy year (the `benefits` object of a year in the policy JSON).
///
/// Rates and multipliers are basis points (1/10000: 7500 = 75%), amounts are fen. Per-level
/// lists hold level 1 (or below: community health centres, primary clinics), 2 and 3.
public struct BenefitRates: Sendable, Hashable, Codable {
    /// Ordinary outpatient care (普通门诊统筹), by facility level.
    public var outpatientRateBasisPoints: [Int]
    /// The general consultation fee (一般诊疗费), by level; paid at this rate instead of the
    /// outpatient rate, never both.
    public var consultationRateBasisPoints: [Int]
    /// Inpatient care above the deductible, by level.
    public var inpatientRateBasisPoints: [Int]
    /// The inpatient deductible (起付线) by level, in fen.
    public var inpatientDeductibleFen: [Int]
    /// True while the deductibles are not published figures (the sources give none).
    public var deductibleAssumed: Bool
    /// What the outpatient fund pays in one policy year at most, consultation fees included.
    public var outpatientAnnualCapFen: Int
    /// Outside the city, emergency care: this share of the city rate.
    public var elsewhereEmergencyBasisPoints: Int
    /// Outside the city, other temporary care: this share of the city rate.
    public var elsewhereTemporaryBasisPoints: Int
    /// Outside the city, temporary inpatient care within the province: this share of the city rate.
    public var elsewhereTemporaryInpatientInProvinceBasisPoints: Int

    public init(
        outpatientRateBasisPoints: [Int],
        consultationRateBasisPoints: [Int],
        inpatientRateBasisPoints: [Int],
        inpatientDeductibleFen: [Int],
        deductibleAssumed: Bool,
        outpatientAnnualCapFen: Int,
        elsewhereEmergencyBasisPoints: Int,
        elsewhereTemporaryBasisPoints: Int,
        elsewhereTemporaryInpatientInProvinceBasisPoints: Int
    ) {
        self.outpatientRateBasisPoints = outpatientRateBasisPoints
        self.consultationRateBasisPoints = consultationRateBasisPoints
        self.inpatientRateBasisPoints = inpatientRateBasisPoints
        self.inpatientDeductibleFen = inpatientDeductibleFen
        self.deductibleAssumed = deductibleAssumed
        self.outpatientAnnualCapFen = outpatientAnnualCapFen
        self.elsewhereEmergencyBasisPoints = elsewhereEmergencyBasisPoints
        self.elsewhereTemporaryBasisPoints = elsewhereTemporaryBasisPoints
        self.elsewhereTemporaryInpatientInProvinceBasisPoints = elsewhereTemporaryInpatientInProvinceBasisPoints
    }

    /// 2024's published figures (the cap is 1.5% of 2023's average annual wage of employees,
    /// 164,754 CNY → 247131 fen); deductibles 0 and assumed. Used only when no year lists any.
    public static let published2024 = BenefitRates(
        outpatientRateBasisPoints: [7500, 6500, 5500],
        consultationRateBasisPoints: [8000, 7000, 6000],
        inpatientRateBasisPoints: [9200, 9100, 9000],
        inpatientDeductibleFen: [0, 0, 0],
        deductibleAssumed: true,
        outpatientAnnualCapFen: 247131,
        elsewhereEmergencyBasisPoints: 9000,
        elsewhereTemporaryBasisPoints: 8000,
        elsewhereTemporaryInpatientInProvinceBasisPoints: 9000
    )

    /// The facility levels the lists cover: 1 (or below), 2, 3.
    public static let levels = 1...3

    /// Why these figures cannot be used, or nil.
    var problem: String? {
        let lists = [
            ("outpatientRateBasisPoints", outpatientRateBasisPoints), ("consultationRateBasisPoints", consultationRateBasisPoints),
            ("inpatientRateBasisPoints", inpatientRateBasisPoints),
        ]
        for (name, list) in lists where list.count != Self.levels.count || !list.allSatisfy({ (0...10_000).contains($0) }) {
            return "\(name) must list 3 rates (levels 1, 2, 3) of 0–10000 basis points"
        }
        if inpatientDeductibleFen.count != Self.levels.count || inpatientDeductibleFen.contains(where: { $0 < 0 }) {
            return "inpatientDeductibleFen must list 3 amounts (levels 1, 2, 3), none negative"
        }
        if outpatientAnnualCapFen < 0 { return "outpatientAnnualCapFen must not be negative" }
        let multipliers = [elsewhereEmergencyBasisPoints, elsewhereTemporaryBasisPoints, elsewhereTemporaryInpatientInProvinceBasisPoints]
        if !multipliers.allSatisfy({ (0...10_000).contains($0) }) {
            return "the elsewhere multipliers must be 0–10000 basis points"
        }
        return nil
    }
}
