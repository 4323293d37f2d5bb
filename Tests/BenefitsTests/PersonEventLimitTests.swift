import Benefits
import Foundation
import PostgresNIO
import Testing

/// Issue 22, bounded work: one person flooded with events cannot make every batch read an
/// ever longer history. Past `persons_event_limit` (migration 0011) the person's events are
/// refused, named by the limit, kept and dead-lettered; everyone else's are stored.
@Suite("Events per person limit")
struct PersonEventLimitTests {
    @Test("the shipped limit is 10,000 stored events per person")
    func shippedLimit() async throws {
        try await TestDatabase.withFresh { client, _ in
            var definition: String?
            let rows = try await client.query(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'persons_event_limit'",
                logger: TestDatabase.logger
            )
            for try await text in rows.decode(String.self) { definition = text }
            #expect(definition?.contains("event_count <= 10000") == true, "\(definition ?? "no constraint")")
        }
    }

    @Test("a person past the limit: the events over it are refused with the limit's name and dead-lettered; the rest of the batch is stored")
    func personPastTheLimit() async throws {
        let flooded = PipelineHarness.unique("L").replacingOccurrences(of: "-", with: "")
        let neighbour = PipelineHarness.unique("M").replacingOccurrences(of: "-", with: "")
        try await TestDatabase.withFresh { client, settings in
            // The mechanism at a size a test can reach: the shipped bound is checked above.
            try await client.query(
                """
                ALTER TABLE persons DROP CONSTRAINT persons_event_limit,
                    ADD CONSTRAINT persons_event_limit CHECK (event_count <= 4) NOT VALID
                """,
                logger: TestDatabase.logger
            )
            let harness = try await PipelineHarness.make(settings: settings, partitions: 1)
            var records = [TestRecord(topic: harness.enrollments, key: flooded, json: TestEvents.registration(person: flooded, id: "l-reg"))]
            for year in 2024...2029 {
                let payment = TestEvents.payment(person: flooded, id: "l-pay-\(year)", policyYear: year, paidAt: "\(year)-09-10T09:00:00+08:00")
                records.append(TestRecord(topic: harness.contributions, key: flooded, json: payment))
            }
            records.append(TestRecord(topic: harness.enrollments, key: neighbour, json: TestEvents.registration(person: neighbour, id: "m-reg")))
            let neighbourPayment = TestEvents.payment(person: neighbour, id: "m-pay", policyYear: 2024, paidAt: "2024-09-10T09:00:00+08:00")
            records.append(TestRecord(topic: harness.contributions, key: neighbour, json: neighbourPayment))
            try await harness.produce(records)
            try await harness.withPipeline(group: PipelineHarness.unique("g"), client: client) { _ in
                try await eventually(.seconds(60), "six events stored and three refused") {
                    let tables = try await ActualTables.read(client)
                    return tables.events >= 6 && tables.refusals >= 3
                }
            }
            #expect(try await TestDatabase.count("SELECT count(*) FROM events WHERE person_id = \(flooded)", on: client) == 4)
            #expect(try await TestDatabase.count("SELECT count(*) FROM events WHERE person_id = \(neighbour)", on: client) == 2)
            var reasons: [String] = []
            let rows = try await client.query("SELECT reason FROM rejected_events ORDER BY id", logger: TestDatabase.logger)
            for try await reason in rows.decode(String.self) { reasons.append(reason) }
            #expect(reasons.count == 3)
            #expect(reasons.allSatisfy { $0.hasPrefix("limit:") && $0.contains("persons_event_limit") }, "\(reasons)")
            #expect(try await BenefitsStore(client: client).coverage(personId: flooded).count >= 1, "the stored events still count")
            let letters = try await DeadLetterReader.read(topic: harness.deadLetters, count: 3)
            #expect(letters.count == 3)
            #expect(letters.allSatisfy { DeadLetterReader.header("reason", of: $0)?.contains("persons_event_limit") == true })
        }
    }
}
