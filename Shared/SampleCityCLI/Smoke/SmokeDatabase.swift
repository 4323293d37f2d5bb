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
