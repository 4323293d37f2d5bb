import Foundation
import PostgresNIO
import Synchronization
import Testing

@testable import Benefits

/// The bulk path (batches above the bulk threshold): a probe for events already stored, then
/// one INSERT straight into `events` (no `ON CONFLICT`); when another transaction stores one of the events meanwhile the
/// batch is stored all the same (the staged `ON CONFLICT` path, or row by row should that fail too).
@Suite("Storing large batches with one direct INSERT")
struct DirectInsertTests {
    @Test("event times are stored to the microsecond on both paths", arguments: IngestTests.paths)
    func eventTimes(bulkThreshold: Int) async throws {
        let times: [Double] = [
            0, -0.5, -86_400 * 365.25 * 30, 951_868_799.999, 1_709_251_199.999_999,
            4_102_401_296.789_012, 1_727_769_600.000_001,
        ]
        try await TestDatabase.withFresh { client, _ in
            let store = BenefitsStore(client: client, bulkThreshold: bulkThreshold)
            let events = times.enumerated().map { index, seconds in
                var event = SampleEvents.event(index + 1, person: "p\(index)")
                event.eventTime = Date(timeIntervalSince1970: seconds)
                return event
            }
            _ = try await store.ingest(batch: IngestBatch(events: events), recompute: SampleEvents.recompute)
            var stored: [String: Int64] = [:]
            let rows = try await client.query(
                "SELECT event_id, (extract(epoch FROM event_time) * 1000000)::int8 FROM events",
                logger: TestDatabase.logger
            )
            for try await (id, micros) in rows.decode((String, Int64).self) { stored[id] = micros }
            #expect(
                stored
                    == Dictionary(
                        uniqueKeysWithValues: events.map {
                            ($0.eventId, Int64(($0.eventTime.timeIntervalSince1970 * 1_000_000).rounded()))
                        }
                    )
            )
        }
    }

    @Test("a first-seen person's events reach the computation in business-time order", arguments: IngestTests.paths)
    func newPersonHistoryOrder(bulkThreshold: Int) async throws {
        try await TestDatabase.withFresh { client, _ in
            let store = BenefitsStore(client: client, bulkThreshold: bulkThreshold)
            let seen = Mutex<[String: [String]]>([:])
            let batch = IngestBatch(
                events: [
                    SampleEvents.event(1, person: "carol", day: 9), SampleEvents.event(2, person: "carol", day: 2),
                    SampleEvents.event(3, person: "dave", day: 5), SampleEvents.event(4, person: "carol", day: 5),
                ]
            )
            let outcome = try await store.ingest(batch: batch) { person, history in
                seen.withLock { $0[person] = history.map(\.eventId) }
                return SampleEvents.recompute(person, history)
            }
            #expect(outcome == IngestOutcome(eventsStored: 4, personsRecomputed: 2, periodsWritten: 4))
            #expect(seen.withLock { $0 } == ["carol": ["evt-2", "evt-4", "evt-1"], "dave": ["evt-3"]])
            #expect(try await TestDatabase.count("SELECT event_count FROM persons WHERE person_id = 'carol'", on: client) == 3)
        }
    }

    @Test("an event another transaction stores during the direct INSERT is skipped as a duplicate and the rest go in")
    func raceFallsBack() async throws {
        try await TestDatabase.withFresh { client, settings in
            let store = BenefitsStore(client: client, bulkThreshold: 1)
            let events = (1...4).map { SampleEvents.event($0, person: "p\($0)") }
            // Another writer holds event 2, not yet committed: the probe cannot see it, the INSERT waits for it.
            try await TestDatabase.withClient(settings) { other in
                try await other.withConnection { connection in
                    try await connection.query("BEGIN", logger: TestDatabase.logger)
                    try await connection.query(
                        """
                        INSERT INTO events (source, event_id, type, person_id, event_time, payload, topic, partition, kafka_offset)
                        VALUES ('test/school', 'evt-2', 'insurance.contribution.paid.v1', 'p2', now(), '{}', 't', 0, 99)
                        """,
                        logger: TestDatabase.logger
                    )
                    try await connection.query(
                        "INSERT INTO persons (person_id, event_count) VALUES ('p2', 1)",
                        logger: TestDatabase.logger
                    )
                    let ingest = Task {
                        try await store.ingest(batch: IngestBatch(events: events), recompute: SampleEvents.recompute)
                    }
                    try await waitUntilBlocked(client)
                    try await connection.query("COMMIT", logger: TestDatabase.logger)
                    let outcome = try await ingest.value
                    #expect(outcome.eventsStored == 3 && outcome.eventsDuplicate == 1)
                }
            }
            #expect(try await TestDatabase.count("SELECT count(*) FROM events", on: client) == 4)
            #expect(try await TestDatabase.count("SELECT kafka_offset FROM events WHERE event_id = 'evt-2'", on: client) == 99)
            #expect(try await TestDatabase.count("SELECT sum(event_count)::int8 FROM persons", on: client) == 4)
            #expect(try await store.coverage(personId: "p1").count == 1)
        }
    }

    /// Until a session of this database waits for a lock (the INSERT on the uncommitted key).
    private func waitUntilBlocked(_ client: PostgresClient) async throws {
        // Bounded by time, not by tries: on a loaded machine each query may take a while.
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let waiting = try await TestDatabase.count(
                """
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO events %'
                """,
                on: client
            )
            if waiting > 0 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the direct INSERT never waited for the other transaction")
    }
}
