import Logging
import PostgresNIO
import TestSupport

/// Row counts of `events` and `rejected_events`: a cheap check that the pipeline may have
/// caught up before the full comparison reads every row.
struct TableCounts: Sendable {
    let events: Int
    let rejected: Int

    static func read(from database: ScratchDatabase) async throws -> TableCounts {
        try await database.run { connection in
            let rows = try await connection.query(
                """
                SELECT (SELECT count(*) FROM events)::int8, (SELECT count(*) FROM rejected_events)::int8
                """,
                logger: Logger(label: "system-tests.counts")
            )
            for try await (events, rejected) in rows.decode((Int, Int).self) {
                return TableCounts(events: events, rejected: rejected)
            }
            return TableCounts(events: 0, rejected: 0)
        }
    }

    func mayEqual(_ expected: ExpectedOutcome) -> Bool {
        events >= expected.validIdentities.count && rejected >= expected.refusedCount
    }
}
