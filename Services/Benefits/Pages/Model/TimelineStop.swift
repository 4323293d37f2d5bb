import InsuranceDomain

/// A stop (停保): `effectiveOn` is the first day without benefits.
public struct TimelineStop: Sendable, Hashable {
    public var effectiveOn: LocalDate
    public var reason: String

    public init(effectiveOn: LocalDate, reason: String) {
        self.effectiveOn = effectiveOn
        self.reason = reason
    }
}
