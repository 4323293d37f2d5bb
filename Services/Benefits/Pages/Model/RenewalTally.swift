/// How many members of a policy year's default-renewal cohort have each status.
public struct RenewalTally: Sendable, Hashable {
    public var policyYear: Int
    /// By status code (`renewed_on_time`, …); statuses with none are absent.
    public var counts: [String: Int]

    public init(policyYear: Int, counts: [String: Int] = [:]) {
        self.policyYear = policyYear
        self.counts = counts
    }

    /// Saturating: the counts are read from the database.
    public var total: Int { counts.values.reduce(0, Saturating.add) }
}
