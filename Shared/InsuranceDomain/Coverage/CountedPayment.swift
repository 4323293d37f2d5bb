/// A payment as the rules count it (`PaymentLedger`): the copy of its `paymentId` with the
/// earliest `paidAt` (then event identity), and the reversal that removed it, if one did.
///
/// What a page or report shows as "the payments" of a person, so that it never de-duplicates
/// or applies reversals by a rule of its own.
public struct CountedPayment: Sendable, Hashable {
    public let payment: ContributionPaid
    /// The earliest (`reversedAt`, then identity) reversal from the source that reported the
    /// payment; nil while the payment counts. Reversals from another source never count.
    public let reversal: ContributionReversed?
    /// Why the payment does not count although not reversed: the registration in force on
    /// its day describes a person who does not qualify (docs/rules.md, rule 8); nil otherwise.
    public let notEligible: String?

    public init(payment: ContributionPaid, reversal: ContributionReversed? = nil, notEligible: String? = nil) {
        self.payment = payment
        self.reversal = reversal
        self.notEligible = notEligible
    }
}
