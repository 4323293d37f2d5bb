import InsuranceDomain

/// A payment's reversal (退费): when and why.
public struct TimelineReversal: Sendable, Hashable {
    public var reversedOn: LocalDate
    public var reason: String

    public init(reversedOn: LocalDate, reason: String) {
        self.reversedOn = reversedOn
        self.reason = reason
    }
}
