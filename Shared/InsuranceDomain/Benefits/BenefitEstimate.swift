/// What a visit would be paid.
public struct BenefitEstimate: Sendable, Hashable {
    /// Covered that day (whatever is paid).
    public let covered: Bool
    /// What the fund pays, in fen, rounded down to the fen.
    public let payableFen: Int
    /// The rate applied to the eligible cost, in parts per 10^8 (a basis-point rate times a
    /// basis-point share): 75% → 75_000_000, 90% of 75% → 67_500_000; 0 when nothing applies.
    public let ratePartsPerHundredMillion: Int
    /// What is left of the annual outpatient cap after this visit; nil for inpatient care or an uncovered day.
    public let capRemainingFen: Int?
    /// Why less or nothing is paid, weightiest first.
    public let reasons: [EstimateReason]
    /// The policy year whose figures apply (of the period covering the day); nil when not covered.
    public let policyYear: Int?
    /// True when those figures (or the deductible used) are assumed, not published.
    public let assumedParameters: Bool

    public init(
        covered: Bool,
        payableFen: Int,
        ratePartsPerHundredMillion: Int,
        capRemainingFen: Int?,
        reasons: [EstimateReason],
        policyYear: Int?,
        assumedParameters: Bool
    ) {
        self.covered = covered
        self.payableFen = payableFen
        self.ratePartsPerHundredMillion = ratePartsPerHundredMillion
        self.capRemainingFen = capRemainingFen
        self.reasons = reasons.sorted { $0.weight < $1.weight }
        self.policyYear = policyYear
        self.assumedParameters = assumedParameters
    }

    /// The rate as exact decimal text: "0.75", "0.675", "0".
    public var rate: String { RateText.decimal(ratePartsPerHundredMillion, digits: 8) }

    /// The weightiest reason's code, nil when the visit is paid in full at the city rate.
    public var reason: String? { reasons.first?.code }

    /// Every reason in words, weightiest first.
    public var explanation: String? { reasons.isEmpty ? nil : reasons.map(\.explanation).joined(separator: "; ") }
}

/// Exact decimal text for rates held as integers.
enum RateText {
    /// `units` parts of 10^`digits` as a decimal without trailing zeros: (67500000, 8) → "0.675".
    static func decimal(_ units: Int, digits: Int) -> String {
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let whole = units / scale
        var fraction = String(units % scale)
        fraction = String(repeating: "0", count: max(0, digits - fraction.count)) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        return fraction.isEmpty ? String(whole) : "\(whole).\(fraction)"
    }

    /// Basis points as a percentage: 9000 → "90%", 9050 → "90.5%".
    static func percent(_ basisPoints: Int) -> String { decimal(basisPoints, digits: 2) + "%" }
}
