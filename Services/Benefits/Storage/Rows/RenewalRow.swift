/// One row of the view `renewal_outlook` for a policy year.
public struct RenewalRow: Sendable, Hashable {
    public var personId: String
    /// `renewed_on_time`, `renewed_late`, `not_renewed`, `stopped` or `aged_out`.
    public var status: String
    /// `YYYY-MM-DD`, when covered in the policy year.
    public var firstCoveredOn: String?

    public init(personId: String, status: String, firstCoveredOn: String?) {
        self.personId = personId
        self.status = status
        self.firstCoveredOn = firstCoveredOn
    }
}
