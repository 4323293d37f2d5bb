import PostgresNIO
import Synchronization
import Testing

@testable import Benefits

/// Every ingest test runs through both write paths: `unnest` binds (threshold above the batch)
/// and one INSERT straight into `events` after a probe for stored ones (threshold 1).
@Suite("Storing batches")
struct IngestTests {
    static let paths = [2_000, 1]

    @Test("a re-delivered batch changes nothing", arguments: paths)
    func redelivery(bulkThreshold: Int) async throws {
        try await TestDatabase.withFresh { client, _ in
            let store = BenefitsStore(client: client, bulkThreshold: bulkThreshold)
            let events = (1...6).map { SampleEvents.event($0, person: $0 <= 4 ? "alice" : "bob", day: $0) }
            let batch = IngestBatch(events: events)

            let first = try await store.ingest(batch: batch, recompute: SampleEvents.recompute)
            #expect(first == IngestOutcome(eventsStored: 6, personsRecomputed: 2, periodsWritten: 6))
            let before = try await snapshot(client)

            let second = try await store.ingest(batch: batch, recompute: SampleEvents.recompute)
            #expect(second == IngestOutcome(eventsDuplicate: 6))
            #expect(try await snapshot(client) == before)
            #expect(before == [6, 6, 2, 2, 0])
        }
    }

    @Test("a duplicate inside one batch is stored once", arguments: paths)
    func duplicateWithinBatch(bulkThreshold: Int) async throws {
        try await TestDatabase.withFresh { client, _ in
            let store = BenefitsStore(client: client, bulkThreshold: bulkThreshold)
            var again = SampleEvents.event(1, person: "alice")
            again.offset = 7
            let outcome = try await store.ingest(
                batch: IngestBatch(events: [SampleEvents.event(1, person: "alice"), again]),
                recompute: SampleEvents.recompute
            )
            #expect(outcome.eventsStored == 1 && outcome.eventsDuplicate == 1)
            #expect(try await store.coverage(personId: "alice").count == 1)
        }
    }

    @Test("recompute sees the person's whole history and replaces the derived rows", arguments: paths)
    func wholeHistory(bulkThreshold: Int) async throws {
        try await TestDatabase.withFresh { client, _ in
            let store = BenefitsStore(client: client, bulkThreshold: bulkThreshold)
            _ = try await store.ingest(
                batch: IngestBatch(events: [SampleEvents.event(1, person: "alice", day: 3)]),
                recompute: SampleEvents.recompute
            )
            let seen = Mutex<[String: [String]]>([:])
            _ = try await store.ingest(
                batch: IngestBatch(
                    events: [
                        SampleEvents.event(2, person: "alice", day: 1), SampleEvents.event(3, person: "bob"),
                    ]
                ),
                recompute: { person, history in
                    seen.withLock { $0[person] = history.map(\.eventId) }
                    return SampleEvents.recompute(person, history)
                }
            )
            // Event 2 happened before event 1: the history comes in business-time order.
            #expect(seen.withLock { $0 } == ["alice": ["evt-2", "evt-1"], "bob": ["evt-3"]])
            let alice = try await store.coverage(personId: "alice")
            #expect(
                alice == [
                    CoveragePeriodRow(
                        policyYear: 2024,
                        startsOn: "2024-11-01",
                        endsOn: "2025-09-30",
                        startMonth: "2024-11",
                        basis: "month_after_payment"
                    ),
                    CoveragePeriodRow(
                        policyYear: 2024,
                        startsOn: "2024-12-01",
                        endsOn: "2025-09-30",
                        startMonth: "2024-12",
                        basis: "month_after_payment"
                    ),
                ]
            )
            #expect(try await store.facilityBindings(personId: "alice").map(\.facilityCode) == ["F2"])
            #expect(try await TestDatabase.count("SELECT event_count FROM persons WHERE person_id = 'alice'", on: client) == 2)
        }
    }

    @Test("refusals are recorded once per Kafka record", arguments: paths)
    func refusalsOnce(bulkThreshold: Int) async throws {
        try await TestDatabase.withFresh { client, _ in
            let store = BenefitsStore(client: client, bulkThreshold: bulkThreshold)
            let refusals = [
                Refusal(reason: "value: not JSON", payload: "{oops", topic: "insurance.bindings.v1", partition: 2, offset: 40),
                Refusal(
                    source: "test/school",
                    eventId: "e9",
                    type: "insurance.enrollment.registered.v1",
                    reason: "data.certNo: check character must be 7",
                    payload: #"{"id":"e9"}"#,
                    topic: "insurance.enrollments.v1",
                    partition: 0,
                    offset: 41
                ),
                Refusal(reason: "value: not UTF-8 text", payload: "a\u{0}b", topic: "insurance.bindings.v1", partition: 2, offset: 42),
            ]
            let batch = IngestBatch(events: [], refusals: refusals)
            #expect(try await store.ingest(batch: batch, recompute: SampleEvents.recompute).refusalsStored == 3)
            #expect(try await store.ingest(batch: batch, recompute: SampleEvents.recompute).refusalsStored == 0)
            #expect(try await TestDatabase.count("SELECT count(*) FROM rejected_events", on: client) == 3)
            #expect(
                try await TestDatabase.count(
                    "SELECT count(*) FROM rejected_events WHERE source IS NULL AND event_id IS NULL AND type IS NULL",
                    on: client
                ) == 2
            )
            let payloads = try await client.query("SELECT payload FROM rejected_events WHERE kafka_offset = 42")
            for try await payload in payloads.decode(String.self) { #expect(payload == #"a\u0000b"#) }
            // A batch's next offsets count its refusals too: they were handled.
            try await store.advanceOffsets(group: "g", to: batch.nextOffsets)
            #expect(
                try await store.offsets(group: "g") == [
                    TopicPartition(topic: "insurance.bindings.v1", partition: 2): 43,
                    TopicPartition(topic: "insurance.enrollments.v1", partition: 0): 42,
                ]
            )
        }
    }

    @Test("an event the database refuses is recorded and the rest go in", arguments: paths)
    func poisonRow(bulkThreshold: Int) async throws {
        try await TestDatabase.withFresh { client, _ in
            let store = BenefitsStore(client: client, bulkThreshold: bulkThreshold)
            var events = (1...5).map { SampleEvents.event($0, person: "p\($0)") }
            events[2].payload = "{\"data\":\"nul\u{0}byte\"}"
            let batch = IngestBatch(events: events)
            let outcome = try await store.ingest(batch: batch, recompute: SampleEvents.recompute)
            #expect(
                outcome
                    == IngestOutcome(
                        eventsStored: 4,
                        refusalsStored: 1,
                        eventsRefusedByDatabase: 1,
                        personsRecomputed: 4,
                        periodsWritten: 4,
                        databaseRefusals: outcome.databaseRefusals
                    )
            )
            #expect(outcome.databaseRefusals.map(\.eventId) == ["evt-3"], "handed back for their dead letters")
            #expect(try await TestDatabase.count("SELECT count(*) FROM events", on: client) == 4)
            let reasons = try await client.query(
                "SELECT event_id, reason, payload FROM rejected_events WHERE kafka_offset = 3"
            )
            var found = false
            for try await (eventId, reason, payload) in reasons.decode((String, String, String).self) {
                found = true
                #expect(eventId == "evt-3")
                #expect(reason.hasPrefix("database refused the event: invalid byte sequence for encoding \"UTF8\": 0x00"), "\(reason)")
                #expect(payload == #"{"data":"nul\u0000byte"}"#)
            }
            #expect(found)
            #expect(batch.nextOffsets[TopicPartition(topic: "insurance.contributions.v1", partition: 0)] == 6, "the refused event is handled too")
        }
    }

    @Test("offsets are stored per group after the batch, and never move back")
    func offsets() async throws {
        try await TestDatabase.withFresh { client, _ in
            let store = BenefitsStore(client: client)
            let events = [
                SampleEvents.event(10, person: "a", partition: 0), SampleEvents.event(11, person: "b", partition: 0),
                SampleEvents.event(5, person: "c", partition: 3),
            ]
            let batch = IngestBatch(events: events)
            _ = try await store.ingest(batch: batch, recompute: SampleEvents.recompute)
            try await store.advanceOffsets(group: "one", to: batch.nextOffsets)
            let zero = TopicPartition(topic: "insurance.contributions.v1", partition: 0)
            let three = TopicPartition(topic: "insurance.contributions.v1", partition: 3)
            #expect(try await store.offsets(group: "one") == [zero: 12, three: 6])
            #expect(try await store.offsets(group: "two") == [:])

            // A late batch from a partition's former owner does not rewind the offset.
            let late = IngestBatch(events: [SampleEvents.event(2, person: "d", partition: 0)])
            _ = try await store.ingest(batch: late, recompute: SampleEvents.recompute)
            try await store.advanceOffsets(group: "one", to: late.nextOffsets)
            #expect(try await store.offsets(group: "one")[zero] == 12)
        }
    }

    @Test("a failing recompute stores nothing of the batch")
    func atomicBatch() async throws {
        struct EngineFailure: Error {}
        try await TestDatabase.withFresh { (client: PostgresClient, _: DatabaseSettings) async throws in
            let store = BenefitsStore(client: client)
            await #expect(throws: PostgresTransactionError.self) {
                try await store.ingest(
                    batch: IngestBatch(
                        events: [SampleEvents.event(1, person: "a")],
                        refusals: [Refusal(reason: "r", payload: "x", topic: "t", partition: 0, offset: 9)]
                    ),
                    recompute: { _, _ in throw EngineFailure() }
                )
            }
            #expect(try await snapshot(client) == [0, 0, 0, 0, 0])
        }
    }

    /// Row counts of events, coverage_periods, persons, facility_bindings, rejected_events.
    private func snapshot(_ client: PostgresClient) async throws -> [Int] {
        var counts: [Int] = []
        for table in ["events", "coverage_periods", "persons", "facility_bindings", "rejected_events"] {
            counts.append(try await TestDatabase.count("SELECT count(*) FROM \(unescaped: table)", on: client))
        }
        return counts
    }
}
