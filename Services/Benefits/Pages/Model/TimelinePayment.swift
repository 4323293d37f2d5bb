import InsuranceDomain

/// A payment as the timeline shows it: when (China date), how much, and whether it was reversed.
public struct TimelinePayment: Sendable, Hashable {
    public var paymentId: String
    public var policyYear: Int
    public var amountFen: Int
    public var dueFen: Int
    public var paidOn: LocalDate
    public var fromBirth: Bool
    /// Set when a reversal of this payment id is stored: the payment no longer counts.
    public var reversal: TimelineReversal?

    public init(
        paymentId: String,
        policyYear: Int,
        amountFen: Int,
        dueFen: Int,
        paidOn: LocalDate,
        fromBirth: Bool = false,
        reversal: TimelineReversal? = nil
    ) {
        self.paymentId = paymentId
        self.policyYear = policyYear
        self.amountFen = amountFen
        self.dueFen = dueFen
        self.paidOn = paidOn
        self.fromBirth = fromBirth
        self.reversal = reversal
    }
}
