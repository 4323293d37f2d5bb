import Foundation
import InsuranceDomain
import Kafka
import PostgresNIO
import Testing

@testable import Benefits

/// An existing database upgrades by the new migrations and a recompute, nothing lost.
@Suite("Upgrade by migrations and recompute")
struct UpgradeTests {
    /// A September payment in full and no registration event.
    static func paymentWithoutRegistration(person: String) -> String {
        TestEvents.payment(person: person, id: "\(person)-pay", amountFen: 43632, paidAt: "2024-09-10T09:00:00+08:00")
    }

    /// Stores the events through the pipeline's store path, as a running service would have.
    static func store(_ jsons: [String], client: PostgresClient, policy: PolicyBook = .bundledDefaults) async throws {
        try await TestIngest.store(jsons, into: client, policy: policy, group: "upgrade")
    }

    /// Writes the events and refusals with plain SQL into the tables of schema 0004, as the
    /// previous release stored them (this build's store path writes columns of later migrations).
    static func storeAsPreviousRelease(_ jsons: [String], client: PostgresClient) async throws {
        for (offset, json) in jsons.enumerated() {
            let kafkaOffset = Int64(offset)
            switch EventIntake.validate(json: Array(json.utf8), policy: .bundledDefaults) {
            case .success(let event):
                let time = event.time.description
                try await client.query(
                    """
                    INSERT INTO events (source, event_id, type, person_id, event_time, payload, topic, partition, kafka_offset)
                    VALUES (\(event.source), \(event.id), \(event.type), \(event.personId), \(time)::timestamptz, \(json),
                            'insurance.contributions.v1', 0, \(kafkaOffset))
                    """,
                    logger: TestDatabase.logger
                )
            case .failure(let error):
                let reason = error.description
                try await client.query(
                    """
                    INSERT INTO rejected_events (reason, payload, topic, partition, kafka_offset)
                    VALUES (\(reason), \(json), 'insurance.contributions.v1', 0, \(kafkaOffset))
                    """,
                    logger: TestDatabase.logger
                )
            }
        }
    }

    static func validated(_ jsons: [String]) -> [ValidatedEvent] {
        jsons.compactMap { try? EventIntake.validate(json: Array($0.utf8), policy: .bundledDefaults).get() }
    }

    @Test("a database at the previous schema with rows of older rules: migrations, then recompute; nothing lost")
    func previousSchemaThenRecompute() async throws {
        try await TestDatabase.withFresh(migrated: false) { client, _ in
            let all = try Migration.bundled()
            let previous = all.filter { $0.version <= 4 }
            try await Migrator(migrations: previous).migrate(client)
            let person = "UPG-\(UInt32.random(in: 0...UInt32.max))"
            let jsons = [
                Self.paymentWithoutRegistration(person: person),
                TestEvents.registration(person: "\(person)-R", id: "reg-r"),
                TestEvents.payment(person: "\(person)-R", id: "pay-r", amountFen: 43632),
                #"{"id":"broken"}"#,
            ]
            try await Self.storeAsPreviousRelease(jsons, client: client)
            // Rows older rules could have left.
            try await client.query(
                """
                INSERT INTO coverage_periods (person_id, policy_year, starts_on, ends_on, start_month, basis)
                VALUES (\(person), 2024, '2024-11-01', '2025-09-30', '2024-11', 'month_after_payment')
                """,
                logger: TestDatabase.logger
            )
            try await client.query("DELETE FROM coverage_periods WHERE person_id = \("\(person)-R")", logger: TestDatabase.logger)

            #expect(try await Migrator(migrations: all).migrate(client) == all.map(\.version).filter { $0 > 4 })
            // The feed's migration queues revision 1 of every person who had periods, as stored.
            let queued = "SELECT string_agg(person_id || '/' || revision || ' ' || periods::text, ' | ' ORDER BY id) FROM coverage_outbox"
            let seeded = try await Self.text(queued, client)
            #expect(
                seeded
                    == #"\#(person)/1 [{"policyYear" : 2024, "startsOn" : "2024-11-01", "endsOn" : "2025-09-30", "startMonth" : "2024-11", "basis" : "month_after_payment"}]"#
            )
            let summary = try await RecomputeRun(store: BenefitsStore(client: client), policy: .bundledDefaults).all()
            #expect(summary.persons == 2)
            // The recompute changed both persons' periods: one revision each, queued after the seed.
            let revisions = "SELECT string_agg(person_id || '/' || revision, ' ' ORDER BY person_id) FROM coverage_revisions"
            #expect(try await Self.text(revisions, client) == "\(person)/2 \(person)-R/1")
            #expect(try await TestDatabase.count("SELECT count(*) FROM coverage_outbox", on: client) == 3)
            #expect(try await DerivedSnapshot.read(client) == DerivedSnapshot.expected(Self.validated(jsons), policy: .bundledDefaults))
            #expect(try await TestDatabase.count("SELECT count(*) FROM events", on: client) == 3)
            #expect(try await TestDatabase.count("SELECT count(*) FROM rejected_events WHERE redriven_at IS NULL", on: client) == 1)
        }
    }

    static func text(_ sql: String, _ client: PostgresClient) async throws -> String? {
        var value: String?
        for try await text in try await client.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger).decode(String?.self) { value = text }
        return value
    }

    @Test("the redrive marker migration applies before or after another migration that grows the redacted view")
    func markerMigrationInEitherOrder() async throws {
        let bundled = try Migration.bundled()
        let marker = try #require(bundled.first { $0.fileName == "0006_redrive_marker.sql" })
        let growing = try #require(bundled.first { $0.fileName == "0005_dead_letter_error.sql" })
        let base = bundled.filter { $0.version <= 4 }
        for first in [[growing], [marker]] {
            try await TestDatabase.withFresh(migrated: false) { client, _ in
                try await Migrator(migrations: base + first).migrate(client)
                let applied = try await Migrator(migrations: base + [growing, marker]).migrate(client)
                #expect(applied.count == 1)
                #expect(
                    try await TestDatabase.count(
                        "SELECT count(*) FROM rejected_events_redacted r JOIN rejected_events_redriven d USING (id)",
                        on: client
                    ) == 0
                )
                #expect(
                    try await TestDatabase.count(
                        "SELECT count(*) FROM (SELECT 1 WHERE has_table_privilege('insurance_analyst', 'rejected_events_redriven', 'SELECT')) x",
                        on: client
                    ) == 1
                )
            }
        }
    }

    @Test("a September payment in full without registration: after recompute, the engine's direct answer")
    func paymentWithoutRegistrationMatchesTheEngine() async throws {
        try await TestDatabase.withFresh { client, _ in
            let person = "UPG-\(UInt32.random(in: 0...UInt32.max))"
            let jsons = [Self.paymentWithoutRegistration(person: person)]
            try await Self.store(jsons, client: client)
            try await client.query("DELETE FROM coverage_periods", logger: TestDatabase.logger)
            _ = try await RecomputeRun(store: BenefitsStore(client: client), policy: .bundledDefaults).person(person)
            #expect(try await DerivedSnapshot.read(client) == DerivedSnapshot.expected(Self.validated(jsons), policy: .bundledDefaults))
        }
    }

    /// Rule 8: the upgrade gives the new answer, a payment in full standing on its own.
    @Test("a September payment in full without registration gets the annual period 1 Oct 2024 – 30 Sep 2025 after recompute")
    func upgradePaymentWithoutRegistrationGetsAnnualPeriodAfterRecompute() async throws {
        try await TestDatabase.withFresh { client, _ in
            let person = "UPG-\(UInt32.random(in: 0...UInt32.max))"
            try await Self.store([Self.paymentWithoutRegistration(person: person)], client: client)
            _ = try await RecomputeRun(store: BenefitsStore(client: client), policy: .bundledDefaults).person(person)
            let periods = try await DerivedSnapshot.read(client).periods
            #expect(periods == ["\(person) 2024 2024-10-01 2025-09-30 2024-10 annual"])
        }
    }
}
