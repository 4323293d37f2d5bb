import Foundation
import InsuranceDomain
import Kafka
import PostgresNIO
import TestSupport
import Testing

@testable import Benefits

/// No single event can stop the pipeline: what the database or the broker refuses for good is
/// refused and recorded, everything else is stored, offsets move on, `/ready` stays up.
@Suite("Poison isolation")
struct PoisonIsolationTests {
    static func person(_ tag: String) -> String {
        uniqueName("P\(tag)").replacingOccurrences(of: "-", with: "")
    }

    @Test("a NUL in a text field refuses that person's new events; other persons are stored, offsets move, ready stays")
    func nulTextField() async throws {
        let (bad, good1, good2) = (Self.person("a"), Self.person("b"), Self.person("c"))
        // JSON's escape: a valid string for the parser, a NUL character for PostgreSQL.
        let poisoned = TestEvents.facility(person: bad, id: "fac-bad", code: #"SK\u0000001"#, boundOn: "2024-10-02")
        try await TestDatabase.withFresh { client, settings in
            let harness = try await PipelineHarness.make(settings: settings, partitions: 1)
            let records = [
                TestRecord(topic: harness.enrollments, key: good1, json: TestEvents.registration(person: good1, id: "reg-b")),
                TestRecord(topic: harness.enrollments, key: bad, json: TestEvents.registration(person: bad, id: "reg-a")),
                TestRecord(topic: harness.bindings, key: bad, json: poisoned),
                TestRecord(topic: harness.enrollments, key: good2, json: TestEvents.registration(person: good2, id: "reg-c")),
                TestRecord(topic: harness.contributions, key: good1, json: TestEvents.payment(person: good1, id: "pay-b", amountFen: 43632)),
                TestRecord(topic: harness.contributions, key: good2, json: TestEvents.payment(person: good2, id: "pay-c", amountFen: 43632)),
            ]
            try await harness.produce(records)
            let group = uniqueName("g")
            try await harness.withPipeline(group: group, client: client) { pipeline in
                try await eventually("every record stored or refused", within: .seconds(60), polling: .stop) {
                    let tables = try await ActualTables.read(client)
                    return tables.events + tables.refusals == records.count
                }
                // The offsets are stored in the batch's last transaction, after the lanes that
                // stored the content: wait for them too rather than read them in between.
                let expected = [
                    TopicPartition(topic: harness.bindings, partition: 0): Int64(1),
                    TopicPartition(topic: harness.enrollments, partition: 0): 3,
                    TopicPartition(topic: harness.contributions, partition: 0): 2,
                ]
                let store = BenefitsStore(client: client)
                try await eventually("offsets moved past the poison", within: .seconds(30), polling: .stop) {
                    try await store.offsets(group: group) == expected
                }
                // What /ready's database check reads from the pipeline (not its live ping, whose
                // 2 s deadline a loaded machine can miss): the poison did not count as an outage.
                let state = pipeline.state.snapshot
                #expect(state.databaseAvailable && !state.stopped, "/ready's database check stays up")
            }
            // The other persons: stored and covered.
            let store = BenefitsStore(client: client)
            #expect(try await store.coverage(personId: good1).count == 1)
            #expect(try await store.coverage(personId: good2).count == 1)
            // The poisoned event: refused with a reason, never stored, and dead-lettered.
            let refused = try await client.query(
                "SELECT event_id, reason FROM rejected_events WHERE event_id = 'fac-bad'",
                logger: TestDatabase.logger
            )
            var reasons: [String] = []
            for try await (_, reason) in refused.decode((String, String).self) { reasons.append(reason) }
            #expect(reasons.count == 1, "the poisoned event is refused once")
            #expect(reasons.allSatisfy { !$0.isEmpty })
            #expect(try await TestDatabase.count("SELECT count(*) FROM events WHERE event_id = 'fac-bad'", on: client) == 0)
            let letters = try await DeadLetterReader.read(topic: harness.deadLetters, count: 1)
            #expect(letters.contains { DeadLetterReader.header("original-topic", of: $0) == harness.bindings })
        }
    }

    @Test("a later copy of an id with other content is refused, within a batch and after the first is stored; the original again is not")
    func changedContent() async throws {
        let person = Self.person("d")
        let first = TestEvents.payment(person: person, id: "pay-1", amountFen: 43632)
        let changed = TestEvents.payment(person: person, id: "pay-1", amountFen: 100)
        try await TestDatabase.withFresh { client, settings in
            let harness = try await PipelineHarness.make(settings: settings, partitions: 1)
            // Within one batch: registration, the payment, a changed copy, an identical copy.
            try await harness.produce([
                TestRecord(topic: harness.enrollments, key: person, json: TestEvents.registration(person: person, id: "reg-1")),
                TestRecord(topic: harness.contributions, key: person, json: first),
                TestRecord(topic: harness.contributions, key: person, json: changed),
                TestRecord(topic: harness.contributions, key: person, json: first),
            ])
            let group = uniqueName("g")
            try await harness.withPipeline(group: group, client: client) { _ in
                try await eventually("two events and one refusal", within: .seconds(60), polling: .stop) {
                    let tables = try await ActualTables.read(client)
                    return tables.events == 2 && tables.refusals == 1
                }
            }
            // After the first copy is stored: another changed copy in a later batch, followed by the
            // original sent again. The stored copy stands, so the original is a re-delivery, though
            // the batch's first copy of the id (the changed one) has other content.
            try await harness.produce([
                TestRecord(topic: harness.contributions, key: person, json: changed),
                TestRecord(topic: harness.contributions, key: person, json: first),
            ])
            try await harness.withPipeline(group: group, client: client) { _ in
                try await eventually("the second changed copy refused", within: .seconds(60), polling: .stop) {
                    try await ActualTables.read(client).refusals == 2
                }
            }
            let rows = try await client.query(
                "SELECT kafka_offset, reason FROM rejected_events ORDER BY kafka_offset",
                logger: TestDatabase.logger
            )
            var offsets: [Int64] = []
            for try await (offset, reason) in rows.decode((Int64, String).self) {
                offsets.append(offset)
                #expect(reason == "id: already used by this source with different content")
            }
            #expect(offsets == [1, 3])
            let payloads = try await client.query("SELECT payload FROM events WHERE event_id = 'pay-1'", logger: TestDatabase.logger)
            for try await payload in payloads.decode(String.self) { #expect(payload == first, "the first copy stays") }
            // Coverage follows the stored (first, full) payment, not the changed copy.
            #expect(try await BenefitsStore(client: client).coverage(personId: person).count == 1)
            #expect(try await DeadLetterReader.read(topic: harness.deadLetters, count: 2).count == 2)
        }
    }

    @Test("a person refused whole has a changed copy of a stored id refused as a changed copy")
    func changedCopyOfARefusedPerson() async throws {
        let person = Self.person("w")
        let first = TestEvents.payment(person: person, id: "pay-1", amountFen: 43632)
        let changed = TestEvents.payment(person: person, id: "pay-1", amountFen: 100)
        let later = TestEvents.payment(person: person, id: "pay-2025", policyYear: 2025, paidAt: "2025-09-10T09:00:00+08:00")
        try await TestDatabase.withFresh { client, settings in
            let harness = try await PipelineHarness.make(settings: settings, partitions: 1)
            let group = uniqueName("g")
            try await harness.produce([
                TestRecord(topic: harness.enrollments, key: person, json: TestEvents.registration(person: person, id: "reg-1")),
                TestRecord(topic: harness.contributions, key: person, json: first),
            ])
            try await harness.withPipeline(group: group, client: client) { _ in
                try await eventually("two events stored", within: .seconds(60), polling: .stop) {
                    try await ActualTables.read(client).events == 2
                }
            }
            try await harness.withPipeline(group: group, client: client) { pipeline in
                // The person was too much work in an earlier batch: the next batch refuses its new
                // events at once (`refuseOnePerson`), without a lane.
                pipeline.tooMuchWork.insert(person)
                try await harness.produce([
                    TestRecord(topic: harness.contributions, key: person, json: changed),
                    TestRecord(topic: harness.contributions, key: person, json: later),
                ])
                try await eventually("the changed copy and the new event refused", within: .seconds(60), polling: .stop) {
                    try await ActualTables.read(client).refusals == 2
                }
            }
            let rows = try await client.rows(
                "SELECT kafka_offset, reason FROM rejected_events ORDER BY kafka_offset",
                decoding: (Int64, String).self,
                logger: TestDatabase.logger
            )
            #expect(rows.map(\.0) == [1, 2])
            #expect(rows.first?.1 == IngestionPipeline.changedContent)
            #expect(rows.last?.1.hasPrefix("not stored: the person's events could not be stored") == true)
            #expect(try await ActualTables.read(client).events == 2)
        }
    }

    @Test("the same event in another member order (as binary mode publishes it) is a re-delivery, in a batch and after storing")
    func reorderedCopyIsTheSameEvent() async throws {
        let person = Self.person("r")
        let first = TestEvents.payment(person: person, id: "pay-1", amountFen: 43632)
        // Same attributes and data, members in another order and the time in UTC: the same event.
        let reordered =
            #"{"data":{"dueFen":43632,"amountFen":43632,"policyYear":2024,"personId":"\#(person)","paymentId":"T-pay-1","paidAt":"2024-09-10T01:00:00Z"},"time":"2024-09-10T01:00:00Z","subject":"\#(person)","type":"insurance.contribution.paid.v1","source":"test/school","id":"pay-1","specversion":"1.0"}"#
        try await TestDatabase.withFresh { client, settings in
            let harness = try await PipelineHarness.make(settings: settings, partitions: 1)
            try await harness.produce([
                TestRecord(topic: harness.contributions, key: person, json: first),
                TestRecord(topic: harness.contributions, key: person, json: reordered),
            ])
            let group = uniqueName("g")
            try await harness.withPipeline(group: group, client: client) { _ in
                try await eventually("one event stored", within: .seconds(60), polling: .stop) {
                    try await ActualTables.read(client).events == 1
                }
            }
            try await harness.produce([TestRecord(topic: harness.contributions, key: person, json: reordered)])
            try await harness.withPipeline(group: group, client: client) { _ in
                try await eventually("all three records consumed", within: .seconds(60), polling: .stop) {
                    try await TestDatabase.count("SELECT coalesce(max(next_offset), 0) FROM consumer_offsets", on: client) >= 3
                }
            }
            #expect(try await ActualTables.read(client).refusals == 0)
        }
    }

    @Test("a dead letter the broker refuses for good is noted in rejected_events and ingestion goes on")
    func deadLetterRefused() async throws {
        let person = Self.person("e")
        // Refused by validation, and larger than the dead-letter producer's message limit below.
        let huge = TestEvents.payment(person: person, id: "pay-huge", amountFen: -1)
            .replacingOccurrences(of: #""policyYear""#, with: #""padding":"\#(String(repeating: "x", count: 4_000))","policyYear""#)
        try await TestDatabase.withFresh { client, settings in
            let harness = try await PipelineHarness.make(settings: settings, partitions: 1)
            try await harness.produce([
                TestRecord(topic: harness.contributions, key: person, json: huge),
                TestRecord(topic: harness.enrollments, key: person, json: TestEvents.registration(person: person, id: "reg-1")),
                TestRecord(topic: harness.contributions, key: person, json: TestEvents.payment(person: person, id: "pay-1", amountFen: 43632)),
            ])
            var configuration = harness.configuration(group: uniqueName("g"))
            configuration.producer.properties["message.max.bytes"] = "2000"
            configuration.producer.properties["batch.size"] = "2000"
            let group = configuration.groupID
            try await IngestionPipeline.whileRunning(configuration: configuration, client: client, logger: PipelineHarness.logger) { pipeline in
                try await eventually("the valid events stored after the refused one", within: .seconds(60), polling: .stop) {
                    let tables = try await ActualTables.read(client)
                    return tables.events == 2 && tables.refusals == 1
                }
                // Offsets follow in the batch's last transaction.
                let store = BenefitsStore(client: client)
                try await eventually("offsets moved past the refused record", within: .seconds(30), polling: .stop) {
                    try await store.offsets(group: group)[TopicPartition(topic: harness.contributions, partition: 0)] == 2
                }
                // What /ready's database check reads from the pipeline (its live ping has a 2 s
                // deadline a loaded machine can miss): the refusal did not count as an outage.
                let state = pipeline.state.snapshot
                #expect(state.migrated && state.databaseAvailable && !state.stopped, "/ready's database check stays up")
            }
            let rows = try await client.query(
                "SELECT event_id, dead_letter_error FROM rejected_events",
                logger: TestDatabase.logger
            )
            for try await (eventId, error) in rows.decode((String?, String?).self) {
                #expect(eventId == "pay-huge")
                #expect(error?.contains("MSG_SIZE_TOO_LARGE") == true, "\(String(describing: error))")
            }
        }
    }
}
