import Foundation
import InsuranceDomain
import PostgresNIO
import Testing

@testable import Benefits

/// The rules' second pass on a database a previous release filled: `recompute` gives the new
/// answers, and `redrive` stores, exactly once, the payments the previous release refused
/// because it judged an assumed year's premium (docs/rules.md, rule 10).
@Suite("Upgrade to the second pass of the rules")
struct UpgradeSecondPassTests {
    static func paid(_ person: String, id: String, year: Int, amount: Int, due: Int, at: String) -> String {
        TestEvents.envelope(
            id: id,
            type: "insurance.contribution.paid.v1",
            person: person,
            time: at,
            data:
                #"{"paymentId":"\#(id)","personId":"\#(person)","policyYear":\#(year),"amountFen":\#(amount),"dueFen":\#(due),"paidAt":"\#(at)"}"#
        )
    }

    static func notQualifying(_ person: String, applied: String) -> String {
        TestEvents.envelope(
            id: "\(person)-reg",
            type: "insurance.enrollment.registered.v1",
            person: person,
            data:
                #"{"personId":"\#(person)","certType":"resident_id","certNo":"\#(TestEvents.citizenID(born: "2015-03-07"))","birthDate":"2015-03-07","hukou":"non_local","category":"child_not_in_school","appliedOn":"\#(applied)"}"#
        )
    }

    @Test("recompute gives the new answers; redrive stores a 2025 payment above 2024's premium once, however often run")
    func recomputeAndRedrive() async throws {
        try await TestDatabase.withFresh { client, _ in
            let tag = UInt32.random(in: 0...UInt32.max)
            let march = "UP2-M\(tag)"
            let registered = "UP2-R\(tag)"
            let september = "UP2-S\(tag)"
            let stored = [
                // The latest assessment is what is due (rule "Money").
                Self.paid(march, id: "\(march)-sep", year: 2024, amount: 20000, due: 43632, at: "2024-09-10T10:00:00+08:00"),
                Self.paid(march, id: "\(march)-mar", year: 2024, amount: 21816, due: 21816, at: "2025-03-10T10:00:00+08:00"),
                // A registration judges only the payments made on or after it (rule 8).
                Self.paid(registered, id: "\(registered)-2024", year: 2024, amount: 43632, due: 43632, at: "2024-09-10T10:00:00+08:00"),
                Self.notQualifying(registered, applied: "2025-03-01"),
            ]
            try await TestIngest.store(stored, into: client, policy: .bundledDefaults, group: "upgrade-2")
            // What the previous release derived: nothing for either person.
            try await client.query("DELETE FROM coverage_periods", logger: TestDatabase.logger)
            // What the previous release refused at the door: a real 2025 September payment
            // above 2024's premium (2025 is only assumed in the bundled book).
            let dear = Self.paid(september, id: "\(september)-pay", year: 2025, amount: 46000, due: 46000, at: "2025-09-10T10:00:00+08:00")
            let oldReason = "data.dueFen: must not exceed the annual individual premium of 43632 fen for 2025"
            for offset in [Int64(900), Int64(901)] {
                // Refused twice (the upstream sent it again): still one event after the redrive.
                try await client.query(
                    """
                    INSERT INTO rejected_events (reason, payload, topic, partition, kafka_offset)
                    VALUES (\(oldReason), \(dear), 'insurance.contributions.v1', 0, \(offset))
                    """,
                    logger: TestDatabase.logger
                )
            }

            let summary = try await RecomputeRun(store: BenefitsStore(client: client), policy: .bundledDefaults).all()
            #expect(summary.persons == 2)
            let periods = try await DerivedSnapshot.read(client).periods
            #expect(
                periods == [
                    "\(march) 2024 2025-04-01 2025-09-30 2025-04 month_after_payment",
                    "\(registered) 2024 2024-10-01 2025-09-30 2024-10 annual",
                ]
            )

            let store = BenefitsStore(client: client)
            let first = try await RefusalRedrive(store: store, policy: .bundledDefaults).run(reasonContaining: "dueFen")
            #expect(first.examined == 2 && first.nowValid == 2 && first.sent == 1 && first.marked == 2)
            let second = try await RefusalRedrive(store: store, policy: .bundledDefaults).run(reasonContaining: "dueFen")
            #expect(second.sent == 0 && second.alreadyStored == 2)
            #expect(try await TestDatabase.count("SELECT count(*) FROM events WHERE event_id = \("\(september)-pay")", on: client) == 1)
            let after = try await DerivedSnapshot.read(client).only(september)
            #expect(after.periods == ["\(september) 2025 2025-10-01 2026-09-30 2025-10 annual"])
        }
    }
}
