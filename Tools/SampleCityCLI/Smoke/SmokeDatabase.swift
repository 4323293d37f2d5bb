import Logging
import PostgresNIO
import PostgresOnce

/// Opens one PostgreSQL connection per use, with a failure that names where it looked:
/// the suite must say "cannot reach PostgreSQL" rather than hang or print a stack.
enum SmokeDatabase {
    private static let logger = Logger(label: "insurance-smoke.postgres")

    static func with<T: Sendable>(
        _ settings: SmokePostgres,
        _ body: (PostgresConnection, Logger) async throws -> T
    ) async throws(SmokeFailure) -> T {
        do {
            return try await PostgresOnce.with(
                settings,
                logger: logger,
                unreachable: { error in
                    Unreachable(
                        failure: SmokeFailure(
                            "cannot reach PostgreSQL at \(settings.host):\(settings.port) database \(settings.database) as \(settings.user): \(SmokeFailure.brief(String(reflecting: error)))"
                        )
                    )
                },
                { connection in try await body(connection, logger) }
            )
        } catch let unreachable as Unreachable {
            throw unreachable.failure
        } catch {
            throw SmokeFailure("PostgreSQL: \(SmokeFailure.brief(String(reflecting: error), limit: 240))")
        }
    }

    /// A failed connect, told apart from a failure of the use (which is reported as a query's).
    private struct Unreachable: Error {
        let failure: SmokeFailure
    }

    /// Rows the benefits service has stored for these persons, and refusals in all.
    static func progress(_ settings: SmokePostgres, personIds: [String]) async throws(SmokeFailure) -> (events: Int, refusals: Int) {
        try await with(settings) { connection, logger in
            let rows = try await connection.query(
                """
                SELECT (SELECT count(*) FROM events WHERE person_id = ANY(\(personIds)))::int8,
                       (SELECT count(*) FROM rejected_events)::int8
                """,
                logger: logger
            )
            for try await (events, refusals) in rows.decode((Int, Int).self) { return (events, refusals) }
            return (0, 0)
        }
    }
}

/// Where PostgreSQL is and the login that may `SET ROLE` to the analyst role.
struct SmokePostgres: PostgresLogin {
    var host: String
    var port: Int
    var user: String
    var password: String
    var database: String
}

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

/// A row of `rejections_by_reason` without its counts and times: type (nil when the
/// record named none) and reason.
struct RefusalKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    let type: String?
    let reason: String

    static func < (lhs: RefusalKey, rhs: RefusalKey) -> Bool {
        (lhs.type ?? "", lhs.reason) < (rhs.type ?? "", rhs.reason)
    }

    var description: String { "\(type ?? "(no type)"): \(reason.prefix(80))" }
}
