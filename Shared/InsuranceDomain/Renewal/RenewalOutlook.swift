/// The default-renewal cohort of a policy year Y (默认续保) and each member's status
/// (docs/estimate-and-renewals.md). The view `renewal_outlook` applies the same rules in SQL.
///
/// - In the cohort: covered in Y−1 (a period of policy year Y−1).
/// - `aged_out`: the birth date is known and the person is not under the age limit (18) on
///   1 September Y. **Decision:** without a registration the age is unknown: the person stays
///   in the cohort and is never `aged_out`.
/// - `renewed_on_time`: a period of Y starts on or before 1 October Y; `renewed_late`: the
///   first period of Y starts later (its first day is given).
/// - `stopped`: no period of Y and a stop took effect after the last period of Y−1 began.
///   **Decision:** a stop after the renewed coverage began does not change a renewal.
/// - `not_renewed`: the others.
public enum RenewalOutlook {
    public static func standing(
        policyYear: Int,
        periods: [CoveragePeriod],
        ageLimitReachedOn: LocalDate?,
        stops: [LocalDate]
    ) -> RenewalStanding? {
        guard let lastPriorStart = periods.filter({ $0.policyYear == policyYear - 1 }).map(\.startsOn).max() else {
            return nil
        }
        let firstCovered = periods.filter { $0.policyYear == policyYear }.map(\.startsOn).min()
        if let limit = ageLimitReachedOn, limit <= LocalDate.firstOf(year: policyYear, month: 9) {
            return RenewalStanding(status: .agedOut, firstCoveredOn: firstCovered)
        }
        if let first = firstCovered {
            let onTime = first <= LocalDate.firstOf(year: policyYear, month: 10)
            return RenewalStanding(status: onTime ? .renewedOnTime : .renewedLate, firstCoveredOn: first)
        }
        if stops.contains(where: { $0 > lastPriorStart }) {
            return RenewalStanding(status: .stopped, firstCoveredOn: nil)
        }
        return RenewalStanding(status: .notRenewed, firstCoveredOn: nil)
    }

    /// The standing of a person from their computed coverage; nil when not in the cohort.
    public static func standing(policyYear: Int, coverage: PersonCoverage) -> RenewalStanding? {
        standing(
            policyYear: policyYear,
            periods: coverage.periods,
            ageLimitReachedOn: coverage.renewalAgeLimitReachedOn,
            stops: coverage.stopDates
        )
    }
}

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
