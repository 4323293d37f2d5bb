/// Where a member of a policy year's default-renewal cohort stands.
public enum RenewalStatus: String, Sendable, Hashable, CaseIterable {
    /// Covered from 1 October Y (or earlier) without a gap.
    case renewedOnTime = "renewed_on_time"
    /// Covered in Y, from a later first day (paid late: a gap).
    case renewedLate = "renewed_late"
    /// No coverage in Y yet, no stop, still young enough for default renewal.
    case notRenewed = "not_renewed"
    /// Not renewed, and insurance stopped (停保) after their last coverage of Y−1 began.
    case stopped
    /// Reached the default-renewal age limit (18) by 1 September Y.
    case agedOut = "aged_out"
}
