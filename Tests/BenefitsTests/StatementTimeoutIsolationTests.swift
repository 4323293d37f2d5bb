import Foundation
import Kafka
import PostgresNIO
import SampleCity
import TestSupport
import Testing

@testable import Benefits

/// Issue 22, item 3: work that outlasts the statement timeout twice while its tables are free
/// is isolated like poison, down to the person, whose events are refused with a reason naming
/// the limit; a table someone else holds is an outage, waited out, and refuses nobody.
@Suite("Statement timeouts: too much work is isolated, a held table is waited out")
struct StatementTimeoutIsolationTests {
    static let persons = Array(SampleCity(SampleCityOptions(persons: 12, seed: 61, faultyShare: 0, duplicateShare: 0)).events)

    /// Runs a pipeline whose connections time statements out after 400 ms.
    static func withShortTimeout(
        _ settings: DatabaseSettings,
        _ body: @Sendable (PipelineHarness, IngestionPipeline, PostgresClient) async throws -> Void
    ) async throws {
        let harness = try await PipelineHarness.make(settings: settings, partitions: 1)
        let short = settings.with(poolSize: 4, statementTimeout: .milliseconds(400))
        try await TestDatabase.withClient(short) { client in
            var configuration = harness.configuration(group: uniqueName("timeout"))
            configuration.database = short
            try await IngestionPipeline.whileRunning(configuration: configuration, client: client, logger: PipelineHarness.logger) {
                try await body(harness, $0, client)
            }
        }
    }

    @Test("one person whose events take longer than the statement timeout is refused; everyone else is stored")
    func heavyPersonIsRefused() async throws {
        let heavy = try #require(Self.persons.first?.key)
        try await TestDatabase.withFresh { client, settings in
            // Storing this person's events takes 2 s a row: more than the 400 ms allowed.
            try await client.query(
                """
                CREATE FUNCTION slow_for_one_person() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.person_id = \(unescaped: "'\(heavy)'") THEN PERFORM pg_sleep(2); END IF; RETURN NEW; END $$
                """
            )
            try await client.query(
                "CREATE TRIGGER slow_for_one_person BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION slow_for_one_person()"
            )
            try await Self.withShortTimeout(settings) { harness, pipeline, _ in
                let records = harness.records(Self.persons)
                try await harness.produce(records)
                try await eventually("every record is stored or refused", within: .seconds(60), polling: .stop) {
                    pipeline.state.snapshot.recordsProcessed >= records.count
                }
                // A later event of the same person is refused at once: no more timeouts.
                let timeouts = pipeline.state.snapshot.statementTimeouts
                let first = try #require(Self.persons.first)
                let later = first.json.replacingOccurrences(of: #""id":""#, with: #""id":"later-"#)
                #expect(later != first.json)
                try await harness.produce([TestRecord(topic: harness.topic(for: first.stream), key: heavy, json: later)])
                try await eventually("the later event is refused", within: .seconds(30), polling: .stop) {
                    pipeline.state.snapshot.recordsProcessed >= records.count + 1
                }
                #expect(pipeline.state.snapshot.statementTimeouts == timeouts, "no statement timed out for the later event")
            }
            let heavyEvents = Self.persons.filter { $0.key == heavy }.count + 1
            let others = Set(Self.persons.filter { $0.key != heavy }.map(\.json)).count
            #expect(try await TestDatabase.count("SELECT count(*) FROM events WHERE person_id = \(heavy)", on: client) == 0)
            #expect(try await TestDatabase.count("SELECT count(*) FROM events", on: client) == others)
            let reasons = try await client.query("SELECT reason FROM rejected_events").collect().map { try $0.decode(String.self) }
            #expect(reasons.count == heavyEvents, "each of the person's events is refused once")
            #expect(reasons.allSatisfy { $0.contains("limit: storing these events") && $0.contains("PG_STATEMENT_TIMEOUT_MS 400") }, "\(reasons)")
        }
    }

    @Test("a table held by someone else times statements out but refuses nobody: once it is free, everything is stored")
    func heldTableIsAnOutage() async throws {
        try await TestDatabase.withFresh { client, settings in
            try await Self.withShortTimeout(settings) { harness, pipeline, _ in
                let records = harness.records(Self.persons)
                try await TestDatabase.withClient(settings.with(poolSize: 1, statementTimeout: nil)) { locker in
                    try await locker.withConnection { connection in
                        _ = try await connection.query("BEGIN").get()
                        _ = try await connection.query("LOCK TABLE events IN ACCESS EXCLUSIVE MODE").get()
                        try await harness.produce(records)
                        try await eventually("the pipeline meets the held table", within: .seconds(20), polling: .stop) {
                            pipeline.state.snapshot.statementTimeouts >= 3
                        }
                        _ = try await connection.query("ROLLBACK").get()
                    }
                }
                try await eventually("every record is stored once the table is free", within: .seconds(60), polling: .stop) {
                    pipeline.state.snapshot.recordsProcessed >= records.count
                }
            }
            #expect(try await TestDatabase.count("SELECT count(*) FROM rejected_events", on: client) == 0, "nobody was refused for a held table")
            #expect(try await TestDatabase.count("SELECT count(*) FROM events", on: client) == Set(Self.persons.map(\.json)).count)
        }
    }
}
