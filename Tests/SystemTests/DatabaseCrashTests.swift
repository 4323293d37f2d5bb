import Foundation
import Logging
import PostgresNIO
import SampleCity
import Testing

extension SystemSuites {
    /// Issue 13: with `synchronous_commit = off` (the default) a PostgreSQL crash may lose the
    /// last commits; because a batch's offsets are stored in its last transaction, after its
    /// effects, whatever the crash loses is read again and stored once.
    @Suite("System: PostgreSQL crash with asynchronous commit", .serialized, .timeLimit(.minutes(5)))
    struct DatabaseCrashTests {
        // It also found the pipeline waiting forever on a statement sent over a connection the
        // crash had closed (see `PostgresConnection.endingOnClose`).
        @Test("immediate stops of PostgreSQL mid-stream lose nothing and store nothing twice")
        func survivesDatabaseCrash() async throws {
            try await Pipeline.with("pg-crash") { pipeline in
                try await pipeline.startBenefits()
                let city = SampleCity(SampleCityOptions(persons: 3_000, seed: 7_113))
                let events = (0..<3_000).flatMap { city.events(ofPerson: $0) }
                let feed = try EventFeed(bootstrapServers: pipeline.stack.bootstrapServers, topics: pipeline.topics)
                let stream = Task {
                    let chunk = (events.count + 19) / 20
                    for start in stride(from: 0, to: events.count, by: chunk) {
                        try await feed.publish(events[start..<min(start + chunk, events.count)])
                        try await Task.sleep(for: .milliseconds(200))
                    }
                }
                // Two crashes while batches are being committed.
                for pause in [Duration.milliseconds(1_500), .milliseconds(2_500)] {
                    try await Task.sleep(for: pause)
                    try await pipeline.stack.crashPostgres()
                    do {
                        try await Task.sleep(for: .seconds(1))
                    } catch {
                        try await Task { try await pipeline.stack.startPostgres() }.value
                        throw error
                    }
                    try await pipeline.stack.startPostgres()
                }
                try await stream.value
                await feed.close()
                let differences = try await pipeline.waitForTables(
                    toEqual: ExpectedOutcome(lines: events.map(\.json)),
                    timeout: .seconds(120)
                )
                #expect(
                    differences.isEmpty,
                    """
                    after two PostgreSQL crashes the tables differ from the direct answer:
                    \(differences.joined(separator: "\n"))
                    \(pipeline.logs)
                    """
                )
                // Nothing applied twice: every person's event count equals their stored events.
                let miscounted = try await pipeline.database.run { connection in
                    let rows = try await connection.query(
                        """
                        SELECT count(*)::int8 FROM persons p
                        WHERE p.event_count <> (SELECT count(*) FROM events e WHERE e.person_id = p.person_id)
                        """,
                        logger: Logger(label: "system-tests.crash")
                    )
                    var found = 0
                    for try await count in rows.decode(Int.self) { found = count }
                    return found
                }
                #expect(miscounted == 0, "\(miscounted) persons counted events twice or not at all")
            }
        }
    }
}
