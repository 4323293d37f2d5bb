import Logging
import PostgresNIO

/// What an analyst sees, read as the analyst role (`SET ROLE`) on the service's login:
/// the aggregate views whole (to compare what the run added), `covered_on` for the city's
/// persons, and whether the raw events stay hidden.
struct AnalystViews: Sendable {
    /// `coverage_by_month`: covered persons by `month basis`.
    var byMonth: [String: Int]
    /// `rejections_by_reason`: refusals by (type, reason).
    var refusals: [RefusalKey: Int]
    /// `covered_on(day)` rows of the persons asked for, as `person year basis`, sorted.
    var coveredOn: [String]
    /// What PostgreSQL answered the analyst reading `events` (nil: it was allowed).
    var eventsDenial: String?

    static func read(_ settings: SmokeSettings, personIds: [String]) async throws(SmokeFailure) -> AnalystViews {
        try await SmokeDatabase.with(settings.postgres) { connection, logger in
            // The role name passed the settings' plain-identifier rule, so it is safe as text.
            try await connection.query(PostgresQuery(unsafeSQL: "SET ROLE \(settings.analystRole)"), logger: logger)
            var views = AnalystViews(byMonth: [:], refusals: [:], coveredOn: [], eventsDenial: nil)
            for try await (month, basis, covered) in try await connection.query(
                "SELECT month, basis, covered::int8 FROM coverage_by_month",
                logger: logger
            ).decode((String, String, Int).self) {
                views.byMonth["\(month) \(basis)"] = covered
            }
            for try await (type, reason, rejected) in try await connection.query(
                "SELECT type, reason, rejected::int8 FROM rejections_by_reason",
                logger: logger
            ).decode((String?, String, Int).self) {
                views.refusals[RefusalKey(type: type, reason: reason)] = rejected
            }
            let day = settings.reportOn.description
            for try await (person, year, basis) in try await connection.query(
                "SELECT person_id, policy_year, basis FROM covered_on(\(day)::date) WHERE person_id = ANY(\(personIds))",
                logger: logger
            ).decode((String, Int, String).self) {
                views.coveredOn.append("\(person) \(year) \(basis)")
            }
            views.coveredOn.sort()
            do {
                _ = try await connection.query("SELECT 1 FROM events LIMIT 1", logger: logger).collect()
            } catch let error as PSQLError {
                views.eventsDenial =
                    error.serverInfo?[.sqlState].map(PostgresError.Code.init(raw:)) == .insufficientPrivilege
                    ? "permission denied" : String(reflecting: error)
            }
            return views
        }
    }
}
