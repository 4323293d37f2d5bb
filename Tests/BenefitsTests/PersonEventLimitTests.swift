import Foundation
import InsuranceDomain
import PostgresNIO
import TestSupport
import Testing

@testable import Benefits

/// Issue 22, bounded work: one person flooded with events cannot make every batch read an
/// ever longer history. Past `persons_event_limit` (migration 0011) the person's events are
/// refused, named by the limit, kept and dead-lettered; everyone else's are stored. Likewise an
/// authoriser cannot be bound to more than `BENEFITS_BENEFICIARIES_PER_AUTHORISER_MAX` persons.
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
        let flooded = uniqueName("L").replacingOccurrences(of: "-", with: "")
        let neighbour = uniqueName("M").replacingOccurrences(of: "-", with: "")
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
            try await harness.withPipeline(group: uniqueName("g"), client: client) { _ in
                try await eventually("six events stored and three refused", within: .seconds(60), polling: .stop) {
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

    /// The family-account pass reads every beneficiary of an authoriser over the rules' limit:
    /// with the bound at 2, three persons bound to one authoriser in one batch (two lanes) leave
    /// exactly two bound and one binding refused; later, a fourth person's binding is refused and
    /// a bound person's new binding is stored. Another authoriser is not touched.
    @Test("an authoriser at the beneficiaries limit: bindings of further persons are refused, named by the limit; bound persons' bindings are stored")
    func authoriserAtTheLimit() async throws {
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let authoriser = "A\(tag)"
        let other = "B\(tag)"
        @Sendable func binding(_ person: String, _ id: String, to authoriser: String, on day: Int) -> TestRecord {
            let boundOn = String(format: "2024-10-%02d", day)
            return TestRecord(topic: "", key: person, json: TestEvents.family(person: person, id: id, authoriser: authoriser, boundOn: boundOn))
        }
        try await TestDatabase.withFresh { client, settings in
            let harness = try await PipelineHarness.make(settings: settings)
            let first = (1...3).map { binding("P\(tag)-\($0)", "b\($0)", to: authoriser, on: $0) } + [binding("Q\(tag)", "q1", to: other, on: 1)]
            let later = [binding("P\(tag)-4", "b4", to: authoriser, on: 9)]
            @Sendable func records(_ list: [TestRecord]) -> [TestRecord] {
                list.map { TestRecord(topic: harness.bindings, key: $0.key, json: $0.json) }
            }
            try await harness.produce(records(first))
            try await harness.withPipeline(group: uniqueName("g"), client: client, adjust: { $0.beneficiariesPerAuthoriser = 2 }) { _ in
                try await eventually("three bindings stored and one refused", within: .seconds(60), polling: .stop) {
                    let tables = try await ActualTables.read(client)
                    return tables.events >= 3 && tables.refusals >= 1
                }
                let bound = try await Self.beneficiaries(of: authoriser, client)
                #expect(bound.count == 2, "\(bound)")
                // A bound person's new binding is stored; a fourth person's is refused.
                let again = binding(bound[0], "again", to: authoriser, on: 10)
                try await harness.produce(records(later + [again]))
                try await eventually("the bound person's binding stored, the fourth refused", within: .seconds(60), polling: .stop) {
                    let tables = try await ActualTables.read(client)
                    return tables.events >= 4 && tables.refusals >= 2
                }
            }
            #expect(try await TestDatabase.count("SELECT count(*) FROM events", on: client) == 4)
            #expect(try await Self.beneficiaries(of: authoriser, client).count == 2)
            #expect(try await Self.beneficiaries(of: other, client) == ["Q\(tag)"])
            var refused: [(String, String)] = []
            let rows = try await client.query("SELECT event_id, reason FROM rejected_events ORDER BY id", logger: TestDatabase.logger)
            for try await (id, reason) in rows.decode((String, String).self) { refused.append((id, reason)) }
            #expect(refused.count == 2)
            #expect(refused.map(\.0).contains("b4"))
            #expect(
                refused.allSatisfy { $0.1.hasPrefix("limit:") && $0.1.contains("BENEFITS_BENEFICIARIES_PER_AUTHORISER_MAX") },
                "\(refused)"
            )
            let letters = try await DeadLetterReader.read(topic: harness.deadLetters, count: 2)
            #expect(letters.count == 2)
            #expect(letters.allSatisfy { DeadLetterReader.header("reason", of: $0)?.contains("BENEFITS_BENEFICIARIES_PER_AUTHORISER_MAX") == true })
        }
    }

    /// The bound per type and policy year, at 2: in one batch for a new person (nothing stored
    /// before), then in a fresh pipeline (the history read back), then in the same pipeline again
    /// (the history held). Each time the events beyond the bound are refused, named by it, kept
    /// and dead-lettered, and taken off the person's count; the other years and types go on.
    @Test("events beyond the bound per type and policy year are refused, named by it; other years and types of the person are stored")
    func eventsPerTypeAndYear() async throws {
        let person = uniqueName("T").replacingOccurrences(of: "-", with: "")
        try await TestDatabase.withFresh { client, settings in
            let harness = try await PipelineHarness.make(settings: settings, partitions: 1)
            @Sendable func payment(_ year: Int, _ n: Int) -> TestRecord {
                let json = TestEvents.payment(person: person, id: "t-\(year)-\(n)", policyYear: year, paidAt: "\(year)-09-1\(n)T09:00:00+08:00")
                return TestRecord(topic: harness.contributions, key: person, json: json)
            }
            let adjust: (inout BenefitsConfiguration) -> Void = { $0.eventsPerTypeAndYear = EventsPerTypeAndYear(limit: 2) }
            @Sendable func settle(_ events: Int, _ refusals: Int) async throws {
                try await eventually("\(events) events stored and \(refusals) refused", within: .seconds(60), polling: .stop) {
                    let tables = try await ActualTables.read(client)
                    return tables.events >= events && tables.refusals >= refusals
                }
            }
            // A new person: three payments for 2024 in one batch, the third beyond (and sent
            // twice: each record is refused).
            try await harness.produce(
                [TestRecord(topic: harness.enrollments, key: person, json: TestEvents.registration(person: person, id: "t-reg"))]
                    + [payment(2024, 1), payment(2024, 2), payment(2024, 3), payment(2024, 3), payment(2025, 1), payment(2025, 2)]
            )
            let group = uniqueName("g")
            try await harness.withPipeline(group: group, client: client, adjust: adjust) { _ in try await settle(5, 2) }
            // A fresh pipeline of the same group holds no history: the person's is read back.
            try await harness.produce([payment(2025, 3), payment(2026, 1)])
            try await harness.withPipeline(group: group, client: client, adjust: adjust) { _ in
                try await settle(6, 3)
                // Same pipeline: the history is held now.
                try await harness.produce([payment(2026, 2), payment(2026, 3)])
                try await settle(7, 4)
            }
            let tables = try await ActualTables.read(client)
            #expect(tables.events == 7)
            #expect(tables.personEventCount == 7, "the refused events are taken off the person's count")
            var refused: [(String, String)] = []
            let rows = try await client.query("SELECT event_id, reason FROM rejected_events ORDER BY id", logger: TestDatabase.logger)
            for try await (id, reason) in rows.decode((String, String).self) { refused.append((id, reason)) }
            #expect(refused.map(\.0) == ["t-2024-3", "t-2024-3", "t-2025-3", "t-2026-3"])
            #expect(
                refused.allSatisfy { $0.1.hasPrefix("limit:") && $0.1.contains("(2 of type insurance.contribution.paid.v1 for policy year") },
                "\(refused)"
            )
            #expect(!refused.contains { $0.1.contains(person) }, "a reason never names the person")
            let years = try await BenefitsStore(client: client).coverage(personId: person).map(\.policyYear)
            #expect(Set(years) == [2024, 2025, 2026], "\(years)")
            let letters = try await DeadLetterReader.read(topic: harness.deadLetters, count: 4)
            #expect(letters.count == 4)
            #expect(letters.allSatisfy { DeadLetterReader.header("reason", of: $0)?.contains("one type for one policy year") == true })
        }
    }

    static func beneficiaries(of authoriser: String, _ client: PostgresClient) async throws -> [String] {
        var persons: [String] = []
        let query: PostgresQuery = "SELECT DISTINCT person_id::text FROM family_account_bindings WHERE authoriser_id = \(authoriser) ORDER BY 1"
        for try await person in try await client.query(query).decode(String.self) { persons.append(person) }
        return persons
    }
}
