import InsuranceDomain
import Kafka
import PostgresNIO
import Testing

@testable import Benefits

/// The pipeline's history cache: a person's next events are computed from the history it
/// holds only while PostgreSQL's count of their events matches, and both write paths give the
/// engine's direct answer.
@Suite("History cache")
struct HistoryCacheTests {
    /// The JSON events as one partition's records, decoded as the pipeline decodes them.
    static func decoded(
        _ jsons: [String],
        from offset: Int64
    ) -> (events: [IncomingEvent], known: [EventIdentity: ValidatedEvent], later: [LaterCopy]) {
        let decoder = RecordDecoder(policy: .bundledDefaults)
        var copies = BatchCopies(capacity: jsons.count)
        for (index, json) in jsons.enumerated() {
            let message = KafkaConsumerMessage(
                topic: "insurance.enrollments.v1",
                partition: 0,
                offset: offset + Int64(index),
                key: nil,
                value: Array(json.utf8),
                headers: [],
                timestamp: nil
            )
            // Sorted by id as the pipeline's `prepare` sorts them.
            if case .event(let incoming, let validated) = decoder.decode(message) { copies.add(incoming, validated) }
        }
        return (copies.events, copies.known, copies.laterCopies)
    }

    /// Stores the events through a lane of the pipeline with `cache`; returns the lane's outcome.
    static func storeThroughLane(_ jsons: [String], from offset: Int64, store: BenefitsStore, cache: HistoryCache) async throws -> IngestOutcome {
        let (events, known, later) = decoded(jsons, from: offset)
        let lane = PipelineLaneRecomputation(recomputation: CoverageRecomputation(policy: .bundledDefaults), known: known, cache: cache)
        return try await store.ingest(batch: IngestBatch(events: events, laterCopies: later), lane: lane)
    }

    @Test("held while the counts match (a stored copy damaged later is not read), read back when another writer stored more", arguments: [2_000, 1])
    func heldOnlyWhileCountsMatch(bulkThreshold: Int) async throws {
        try await TestDatabase.withFresh { client, _ in
            let store = BenefitsStore(client: client, bulkThreshold: bulkThreshold)
            let cache = HistoryCache(capacity: 100)
            let person = "HC\(UInt32.random(in: 0...UInt32.max))"
            let registration = TestEvents.registration(person: person, id: "\(person)-reg", born: "2015-03-07", applied: "2024-08-01")
            let payment = TestEvents.payment(person: person, id: "\(person)-pay", amountFen: 43632)
            let facility = TestEvents.facility(person: person, id: "\(person)-fac", code: "SK-1", boundOn: "2024-10-02")
            let later = TestEvents.payment(person: person, id: "\(person)-pay-2025", policyYear: 2025, paidAt: "2025-09-10T09:00:00+08:00")

            _ = try await Self.storeThroughLane([registration], from: 0, store: store, cache: cache)
            #expect(cache.history(of: person, storedBefore: 1)?.count == 1)

            // Damage the stored registration: read back, it would no longer validate (no birth
            // date). The cache holds it, and the count matches, so the next batch does not read it.
            try await client.query("UPDATE events SET payload = '{}' WHERE event_id = \("\(person)-reg")", logger: TestDatabase.logger)
            _ = try await Self.storeThroughLane([payment], from: 1, store: store, cache: cache)
            #expect(try await birthDate(of: person, client) == "2015-03-07", "the held registration was used")
            #expect(cache.history(of: person, storedBefore: 2)?.count == 2)

            // Another writer (a redrive, another replica) stores an event this cache never saw:
            // the counts differ, the history is read back, and the damaged copy drops out.
            _ = try await store.ingest(batch: IngestBatch(events: Self.decoded([facility], from: 2).events)) {
                _,
                _ in PersonResult(periods: [], facilityBindings: [], familyBindings: [])
            }
            _ = try await Self.storeThroughLane([later], from: 3, store: store, cache: cache)
            #expect(try await birthDate(of: person, client) == nil, "read back: the damaged registration no longer counts")
            #expect(cache.history(of: person, storedBefore: 4)?.count == 3, "four stored, three validate")
            let periods = try await DerivedSnapshot.read(client).only(person).periods
            #expect(periods == ["\(person) 2024 2024-10-01 2025-09-30 2024-10 annual", "\(person) 2025 2025-10-01 2026-09-30 2025-10 annual"])
        }
    }

    @Test("a changed copy of a stored id is refused in the lane, once per record, and the stored copy is what counts", arguments: [2_000, 1])
    func changedCopyRefusedInTheLane(bulkThreshold: Int) async throws {
        try await TestDatabase.withFresh { client, _ in
            let store = BenefitsStore(client: client, bulkThreshold: bulkThreshold)
            let cache = HistoryCache(capacity: 100)
            let person = "HC\(UInt32.random(in: 0...UInt32.max))"
            let first = TestEvents.payment(person: person, id: "\(person)-pay", amountFen: 43632)
            let changed = TestEvents.payment(person: person, id: "\(person)-pay", amountFen: 100)
            _ = try await Self.storeThroughLane([first], from: 0, store: store, cache: cache)
            let outcome = try await Self.storeThroughLane([changed], from: 1, store: store, cache: cache)
            #expect(outcome.eventsStored == 0)
            #expect(outcome.databaseRefusals.map(\.reason) == [IngestionPipeline.changedContent])
            #expect(try await TestDatabase.count("SELECT count(*) FROM rejected_events", on: client) == 1)
            // The same changed copy sent twice in one batch, then the original again: each changed
            // record is refused (two records, two refusals), the original's copy is a re-delivery.
            let twice = try await Self.storeThroughLane([changed, changed, first], from: 2, store: store, cache: cache)
            #expect(twice.eventsStored == 0)
            #expect(twice.databaseRefusals.map(\.offset) == [2, 3])
            #expect(twice.eventsDuplicate == 1, "the original sent again after the changed copies is a re-delivery")
            #expect(twice.databaseRefusals.map(\.reason) == [IngestionPipeline.changedContent, IngestionPipeline.changedContent])
            #expect(try await TestDatabase.count("SELECT count(*) FROM rejected_events", on: client) == 3)
            let periods = try await DerivedSnapshot.read(client).only(person).periods
            #expect(periods == ["\(person) 2024 2024-10-01 2025-09-30 2024-10 annual"])
        }
    }

    @Test("past its capacity the cache forgets some persons, never holds a wrong count")
    func capacity() {
        let cache = HistoryCache(capacity: 10)
        cache.remember(Dictionary(uniqueKeysWithValues: (0..<25).map { ("P\($0)", HistoryCache.Entry(storedEvents: 2, events: [])) }))
        #expect(cache.count <= 10)
        #expect(cache.history(of: "P-none", storedBefore: 2) == nil)
        let off = HistoryCache(capacity: 0)
        off.remember(["P": HistoryCache.Entry(storedEvents: 1, events: [])])
        #expect(off.history(of: "P", storedBefore: 1) == nil)
        let one = HistoryCache(capacity: 5)
        one.remember(["P": HistoryCache.Entry(storedEvents: 3, events: [])])
        #expect(one.history(of: "P", storedBefore: 3) != nil)
        #expect(one.history(of: "P", storedBefore: 2) == nil)
    }

    private func birthDate(of person: String, _ client: PostgresClient) async throws -> String? {
        let rows = try await client.query("SELECT birth_date::text FROM person_facts WHERE person_id = \(person)", logger: TestDatabase.logger)
        for try await value in rows.decode(String?.self) { return value }
        return nil
    }
}
