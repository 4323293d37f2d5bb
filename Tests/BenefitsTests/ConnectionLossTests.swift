import Benefits
import Foundation
import PostgresNIO
import Synchronization
import Testing

/// A PostgreSQL crash ends connections in the middle of a batch's statements. Every such batch
/// must end — stored, or failed with an error the pipeline retries — and never wait forever or
/// trap (PostgresNIO's COPY did both; issue 13's DatabaseCrashTests found it).
@Suite("Storing while the server ends connections")
struct ConnectionLossTests {
    @Test("batches whose connections the server ends mid-transaction all end, on both write paths", arguments: IngestTests.paths)
    func everyAttemptEnds(bulkThreshold: Int) async throws {
        try await TestDatabase.withFresh { client, settings in
            let store = BenefitsStore(client: client, bulkThreshold: bulkThreshold)
            let database = settings.database
            let attempts = 12
            let ended = EndedCount()
            var connectionsEnded = 0
            for attempt in 0..<attempts {
                let events = (0..<3_000).map { SampleEvents.event(attempt * 3_000 + $0, person: "p\($0 % 700)") }
                let ingest = Task {
                    defer { ended.add() }
                    _ = try? await store.ingest(batch: IngestBatch(events: events), recompute: SampleEvents.recompute)
                }
                // The server ends every other connection to this database after a varying delay,
                // which across the attempts falls on each statement of the transaction.
                try await Task.sleep(for: .milliseconds(5 + attempt * 15))
                // Only backends past their start-up: one still starting has no role yet and cannot be
                // ended by this login. The rows are read, so that an error fails the test.
                connectionsEnded += try await TestDatabase.withClient(settings.with(database: "postgres")) { admin in
                    try await TestDatabase.count(
                        """
                        SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
                        WHERE datname = \(database) AND usename = current_user AND pid <> pg_backend_pid()
                        """,
                        on: admin
                    )
                }
                let deadline = ContinuousClock.now + .seconds(20)
                while ended.value <= attempt, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                if ended.value <= attempt {
                    ingest.cancel()
                    Issue.record("attempt \(attempt): the batch never ended after its connection was ended")
                    return
                }
            }
            #expect(ended.value == attempts)
            #expect(connectionsEnded > 0, "no connection was ended: the test exercised nothing")
            // What did commit is whole: every stored event is counted once on its person.
            #expect(
                try await TestDatabase.count(
                    """
                    SELECT count(*) FROM persons p
                    WHERE p.event_count <> (SELECT count(*) FROM events e WHERE e.person_id = p.person_id)
                    """,
                    on: client
                ) == 0
            )
        }
    }
}

/// How many attempts ended, shared with their tasks.
private final class EndedCount: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
