import Foundation
import InsuranceDomain
import Kafka
import PostgresNIO
import TestSupport
import Testing

@testable import Benefits

/// `benefits-service redrive` against the real pipeline, broker and PostgreSQL.
@Suite("Redrive")
struct RedriveTests {
    /// A payment of 50000 fen for 2024 (due 50000): above 2024's premium of 43632, below 50000.
    static func dearPayment(person: String) -> String {
        TestEvents.envelope(
            id: "\(person)-pay",
            type: "insurance.contribution.paid.v1",
            person: person,
            data:
                #"{"paymentId":"T-\#(person)","personId":"\#(person)","policyYear":2024,"amountFen":50000,"dueFen":50000,"paidAt":"2024-09-10T09:00:00+08:00"}"#
        )
    }

    struct Scenario {
        let person: String
        let registration: String
        let payment: String
    }

    /// Through the pipeline with the 43632 book: a registration stored, the dear payment refused,
    /// a malformed record and a valid record with a wrong key refused too.
    static func ingest(client: PostgresClient, settings: DatabaseSettings, policy: PolicyBook) async throws -> Scenario {
        let harness = try await PipelineHarness.make(settings: settings)
        let person = "RD\(UInt32.random(in: 0...UInt32.max))"
        let scenario = Scenario(
            person: person,
            registration: TestEvents.registration(person: person, id: "\(person)-reg"),
            payment: Self.dearPayment(person: person)
        )
        let records = [
            TestRecord(topic: harness.enrollments, key: person, json: scenario.registration),
            TestRecord(topic: harness.contributions, key: person, json: scenario.payment),
            TestRecord(topic: harness.contributions, key: person, json: #"{"id":"broken","source":"test/school"}"#),
            TestRecord(
                topic: harness.contributions,
                key: "SOMEONE-ELSE",
                json: TestEvents.payment(person: person, id: "\(person)-wrong-key", amountFen: 100)
            ),
        ]
        try await harness.produce(records)
        var configuration = harness.configuration(group: uniqueName("g"))
        configuration.policy = policy
        try await IngestionPipeline.whileRunning(configuration: configuration, client: client, logger: PipelineHarness.logger) { pipeline in
            try await eventually("records processed", within: .seconds(60), polling: .stop) {
                pipeline.state.snapshot.recordsProcessed >= records.count
            }
        }
        return scenario
    }

    static func count(_ query: PostgresQuery, _ client: PostgresClient) async throws -> Int {
        try await TestDatabase.count(query, on: client)
    }

    @Test("a payment refused for dueFen above the premium is stored once after the premium is raised, however often redriven")
    func storedOnceAfterThePremiumIsRaised() async throws {
        let (_, cheap) = try PolicyFiles.book(premium2024: 43632)
        let (_, dear) = try PolicyFiles.book(premium2024: 50000)
        try await TestDatabase.withFresh { client, settings in
            let scenario = try await Self.ingest(client: client, settings: settings, policy: cheap)
            let paymentId = "\(scenario.person)-pay"
            #expect(try await Self.count("SELECT count(*) FROM rejected_events", client) == 3)
            #expect(
                try await Self.count(
                    "SELECT count(*) FROM rejected_events WHERE reason LIKE 'data.dueFen: must not exceed%'",
                    client
                ) == 1
            )
            #expect(try await Self.count("SELECT count(*) FROM events WHERE event_id = \(paymentId)", client) == 0)
            let store = BenefitsStore(client: client)

            // The old book: nothing passes.
            let unchanged = try await RefusalRedrive(store: store, policy: cheap).run()
            #expect(unchanged.examined == 3 && unchanged.nowValid == 0 && unchanged.sent == 0 && unchanged.stillRefused == 3)

            // Dry run with the new book: listed and counted, nothing written.
            var listed: [RedriveCandidate] = []
            let dry = try await RefusalRedrive(store: store, policy: dear).run(dryRun: true) { listed.append($0) }
            #expect(dry.examined == 3 && dry.nowValid == 1 && dry.sent == 1 && dry.alreadyStored == 0 && dry.stillRefused == 2)
            #expect(listed.map(\.identity.id) == [paymentId])
            #expect(!listed.description.contains("certNo"))
            #expect(try await Self.count("SELECT count(*) FROM events WHERE event_id = \(paymentId)", client) == 0)
            #expect(try await Self.count("SELECT count(*) FROM rejected_events WHERE redriven_at IS NOT NULL", client) == 0)

            // The real thing, twice: stored once, coverage computed with the new book, the refusal kept and marked.
            let first = try await RefusalRedrive(store: store, policy: dear).run(reasonContaining: "dueFen")
            #expect(first.examined == 1 && first.nowValid == 1 && first.sent == 1 && first.alreadyStored == 0)
            #expect(first.stillRefused == 0 && first.marked == 1)
            let second = try await RefusalRedrive(store: store, policy: dear).run(reasonContaining: "dueFen")
            #expect(second.examined == 1 && second.nowValid == 1 && second.sent == 0 && second.alreadyStored == 1 && second.marked == 0)

            #expect(try await Self.count("SELECT count(*) FROM events WHERE event_id = \(paymentId)", client) == 1)
            #expect(try await Self.count("SELECT count(*) FROM rejected_events", client) == 3, "refusal history kept")
            #expect(try await Self.count("SELECT count(*) FROM rejected_events WHERE redriven_at IS NOT NULL", client) == 1)
            #expect(try await Self.count("SELECT event_count FROM persons WHERE person_id = \(scenario.person)", client) == 2)
            let validated = [scenario.registration, scenario.payment].compactMap {
                try? EventIntake.validate(json: Array($0.utf8), policy: dear).get()
            }
            let expected = DerivedSnapshot.expected(validated, policy: dear)
            #expect(expected.periods == ["\(scenario.person) 2024 2024-10-01 2025-09-30 2024-10 annual"])
            #expect(try await DerivedSnapshot.read(client).only(scenario.person) == expected)
            // Analysts see the mark, without the payload.
            #expect(try await Self.count("SELECT sum(redriven)::int8 FROM rejections_by_reason", client) == 1)
            #expect(try await Self.count("SELECT count(*) FROM rejected_events_redriven", client) == 1)
        }
    }

    @Test("--reason filters; a record refused for its key stays refused")
    func reasonFilterAndWrongKey() async throws {
        let (_, cheap) = try PolicyFiles.book(premium2024: 43632)
        let (_, dear) = try PolicyFiles.book(premium2024: 50000)
        try await TestDatabase.withFresh { client, settings in
            _ = try await Self.ingest(client: client, settings: settings, policy: cheap)
            let store = BenefitsStore(client: client)
            let none = try await RefusalRedrive(store: store, policy: dear).run(reasonContaining: "no reason says this")
            #expect(none.examined == 0 && none.sent == 0)
            let key = try await RefusalRedrive(store: store, policy: dear).run(reasonContaining: "key:")
            #expect(key.examined == 1 && key.nowValid == 0 && key.stillRefused == 1)
            #expect(try await Self.count("SELECT count(*) FROM events", client) == 1, "only the registration")
        }
    }

    @Test("the benefits-service redrive command reads POLICY_FILE; --dry-run lists, then a run stores")
    func asAProcess() async throws {
        let (cheapPath, cheap) = try PolicyFiles.book(premium2024: 43632)
        let (dearPath, _) = try PolicyFiles.book(premium2024: 50000)
        try await TestDatabase.withFresh { client, settings in
            let scenario = try await Self.ingest(client: client, settings: settings, policy: cheap)
            let dry = try await BenefitsBinary.run(["redrive", "--dry-run"], database: settings, extra: ["POLICY_FILE": dearPath])
            #expect(dry.status == 0, "output:\n\(dry.output)")
            #expect(dry.output.contains("would send rejected_events.id"), "output:\n\(dry.output)")
            #expect(
                dry.output.contains("redrive: examined 3, now valid 1, would send 1, already stored 0, still refused 2"),
                "output:\n\(dry.output)"
            )
            let old = try await BenefitsBinary.run(["redrive"], database: settings, extra: ["POLICY_FILE": cheapPath])
            #expect(old.output.contains("redrive: examined 3, now valid 0, sent 0"), "output:\n\(old.output)")
            let run = try await BenefitsBinary.run(["redrive", "--reason", "dueFen"], database: settings, extra: ["POLICY_FILE": dearPath])
            #expect(run.status == 0 && run.output.contains("sent 1"), "output:\n\(run.output)")
            #expect(try await Self.count("SELECT count(*) FROM events WHERE event_id = \("\(scenario.person)-pay")", client) == 1)
            let broken = try await BenefitsBinary.run(["redrive"], database: settings, extra: ["POLICY_FILE": "/nonexistent/policy.json"])
            #expect(broken.status != 0 && broken.output.contains("POLICY_FILE: must name a readable file"), "output:\n\(broken.output)")
        }
    }
}
