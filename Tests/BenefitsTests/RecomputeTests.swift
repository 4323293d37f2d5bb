import ChildProcess
import Foundation
import InsuranceDomain
import PostgresNIO
import TestSupport
import Testing

@testable import Benefits

/// `benefits-service recompute` against the real pipeline, broker and PostgreSQL: whatever
/// older rules left in the derived tables, a recompute leaves the domain's direct answer.
@Suite("Recompute")
struct RecomputeTests {
    static func fixture(settings: DatabaseSettings) async throws -> RecomputeFixture {
        RecomputeFixture(harness: try await PipelineHarness.make(settings: settings), group: uniqueName("g"))
    }

    @Test("tampered rows are rebuilt to the engine's answer for every person; a second run changes nothing")
    func rebuildsToTheEnginesAnswer() async throws {
        try await TestDatabase.withFresh { client, settings in
            let fixture = try await Self.fixture(settings: settings)
            let records = RecomputeFixture.records(fixture.harness, persons: 150, seed: 31)
            try await fixture.ingest(records, client: client)
            let expected = DerivedSnapshot.expected(RecomputeFixture.validated(records), policy: .bundledDefaults)
            #expect(expected.periods.count > 50 && expected.family.contains { $0.contains(" refused ") })
            #expect(try await DerivedSnapshot.read(client) == expected, "the pipeline itself gives the engine's answer")

            try await RecomputeFixture.tamper(client)
            #expect(try await DerivedSnapshot.read(client) != expected)

            let progress = RecordingRecomputeProgress()
            let run = RecomputeRun(store: BenefitsStore(client: client), policy: .bundledDefaults, batchSize: 37)
            let first = try await run.all(progress: progress)
            let rebuilt = try await DerivedSnapshot.read(client)
            #expect(rebuilt == expected, "after recompute:\n\(rebuilt)\nexpected:\n\(expected)")
            #expect(first.persons == expected.persons.count)
            #expect(first.countsCorrected == 11, "ten counts off and one person row missing")
            #expect(progress.finished.withLock { $0?.processed } == expected.persons.count)
            #expect(progress.updates.withLock { $0.count } == (expected.persons.count + 36) / 37)

            let stamps: PostgresQuery = "SELECT string_agg(person_id || ' ' || updated_at::text, ',' ORDER BY person_id) FROM persons"
            let before = try await client.query(stamps, logger: TestDatabase.logger).decode(String.self).first { _ in true }
            let second = try await run.all()
            #expect(try await DerivedSnapshot.read(client) == expected)
            #expect(second.persons == first.persons && second.countsCorrected == 0)
            let after = try await client.query(stamps, logger: TestDatabase.logger).decode(String.self).first { _ in true }
            #expect(before != nil && after == before, "a run that changes nothing leaves persons.updated_at as it was")
        }
    }

    @Test("--person rebuilds that person only; an unknown person is an error")
    func onePerson() async throws {
        try await TestDatabase.withFresh { client, settings in
            let fixture = try await Self.fixture(settings: settings)
            let records = RecomputeFixture.records(fixture.harness, persons: 40, seed: 32)
            try await fixture.ingest(records, client: client)
            let expected = DerivedSnapshot.expected(RecomputeFixture.validated(records), policy: .bundledDefaults)
            let covered = expected.periods.compactMap { $0.split(separator: " ").first.map(String.init) }
            let chosen = try #require(covered.first)
            let other = try #require(covered.last { $0 != chosen })
            for person in [chosen, other] {
                try await client.query("DELETE FROM coverage_periods WHERE person_id = \(person)", logger: TestDatabase.logger)
                try await client.query("UPDATE persons SET event_count = 0 WHERE person_id = \(person)", logger: TestDatabase.logger)
            }
            let tampered = try await DerivedSnapshot.read(client)

            let run = RecomputeRun(store: BenefitsStore(client: client), policy: .bundledDefaults)
            let summary = try await run.person(chosen)
            #expect(summary.persons == 1 && summary.countsCorrected == 1)
            let after = try await DerivedSnapshot.read(client)
            #expect(after.only(chosen) == expected.only(chosen))
            #expect(after.without(chosen) == tampered.without(chosen), "no other person's rows changed")
            #expect(after.only(other) != expected.only(other))

            await #expect(throws: RecomputeUnknownPerson(personId: "NOBODY-1")) {
                try await run.person("NOBODY-1")
            }
        }
    }

    @Test("recompute beside a pipeline ingesting the same persons: no deadlock, no lost update")
    func besideThePipeline() async throws {
        try await TestDatabase.withFresh { client, settings in
            let fixture = try await Self.fixture(settings: settings)
            let records = RecomputeFixture.records(fixture.harness, persons: 300, seed: 33)
            // Two waves sharing persons: every other record first, the rest while recomputing.
            let firstWave = records.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            let secondWave = records.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            try await fixture.ingest(firstWave, client: client)
            try await RecomputeFixture.tamper(client, keepingPersonRows: true)

            try await fixture.harness.produce(secondWave)
            let store = BenefitsStore(client: client)
            let runs = try await fixture.harness.withPipeline(group: fixture.group, client: client, batchMax: 25) { pipeline in
                var runs = 0
                // Small batches, many transactions: as many chances as possible to interleave.
                let run = RecomputeRun(store: store, policy: .bundledDefaults, batchSize: 5)
                #expect(pipeline.state.snapshot.recordsProcessed < secondWave.count, "recompute starts while the pipeline ingests")
                repeat {
                    _ = try await run.all()
                    runs += 1
                } while pipeline.state.snapshot.recordsProcessed < secondWave.count && runs < 200
                try await eventually("second wave processed", within: .seconds(90), polling: .stop) {
                    pipeline.state.snapshot.recordsProcessed >= secondWave.count
                }
                return runs
            }
            #expect(runs >= 1)
            // No recompute after the pipeline stopped: what the two left together must be right.
            let expected = DerivedSnapshot.expected(RecomputeFixture.validated(records), policy: .bundledDefaults)
            let after = try await DerivedSnapshot.read(client)
            #expect(after.periods == expected.periods)
            #expect(after.facilities == expected.facilities)
            #expect(after.family == expected.family)
            #expect(after.persons == expected.persons, "event counts: the pipeline's increments on the corrected counts")
            #expect(
                try await TestDatabase.count(
                    "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()",
                    on: client
                ) == 0
            )
        }
    }

    @Test("the benefits-service recompute command, run as a process, rebuilds the rows")
    func asAProcess() async throws {
        try await TestDatabase.withFresh { client, settings in
            let fixture = try await Self.fixture(settings: settings)
            let records = RecomputeFixture.records(fixture.harness, persons: 60, seed: 34)
            try await fixture.ingest(records, client: client)
            let expected = DerivedSnapshot.expected(RecomputeFixture.validated(records), policy: .bundledDefaults)
            try await RecomputeFixture.tamper(client)

            let outcome = try await BenefitsBinary.run(["recompute", "--batch-size", "25"], database: settings)
            #expect(outcome.status == 0, "output:\n\(outcome.output)")
            #expect(outcome.output.contains("recompute: persons \(expected.persons.count),"), "output:\n\(outcome.output)")
            #expect(try await DerivedSnapshot.read(client) == expected)

            let unknown = try await BenefitsBinary.run(["recompute", "--person", "NOBODY-1"], database: settings)
            #expect(unknown.status == 1)
            #expect(unknown.output.contains("--person: no event is stored for \"NOBODY-1\""), "output:\n\(unknown.output)")
        }
    }
}
