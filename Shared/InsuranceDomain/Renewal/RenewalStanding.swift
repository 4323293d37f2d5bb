/// A cohort member's status for a policy year and, when covered in it, the first covered day.
public struct RenewalStanding: Sendable, Hashable {
    public let status: RenewalStatus
    /// The first day of the earliest period of the policy year; nil when none.
    public let firstCoveredOn: LocalDate?

    public init(status: RenewalStatus, firstCoveredOn: LocalDate?) {
        self.status = status
        self.firstCoveredOn = firstCoveredOn
    }
}
