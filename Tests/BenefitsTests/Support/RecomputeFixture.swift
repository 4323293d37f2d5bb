import Benefits
import Foundation
import InsuranceDomain
import PostgresNIO
import SampleCity
import TestSupport
import Testing

/// A database filled through the real pipeline, and what the domain says it should hold.
struct RecomputeFixture: Sendable {
    let harness: PipelineHarness
    let group: String

    /// A sample city (every event type, some faulty) plus a family-account group over the limit.
    static func records(_ harness: PipelineHarness, persons: Int, seed: UInt64) -> [TestRecord] {
        let city = SampleCity(SampleCityOptions(persons: persons, seed: seed, faultyShare: 0.05, duplicateShare: 0.05))
        let tag = String(seed, radix: 36)
        let family = FamilyLimitTests.events(tag: tag).map { event in
            let topic =
                event.json.contains("\"insurance.enrollment.")
                ? harness.enrollments
                : event.json.contains("\"insurance.contribution.") ? harness.contributions : harness.bindings
            return TestRecord(topic: topic, key: event.person, json: event.json)
        }
        return harness.records(Array(city.events)) + family
    }

    /// The records the pipeline accepts (valid, key equal to the subject).
    static func validated(_ records: [TestRecord], policy: PolicyBook = .bundledDefaults) -> [ValidatedEvent] {
        records.compactMap { record in
            guard case .success(let event) = EventIntake.validate(json: Array(record.json.utf8), policy: policy),
                record.key.isEmpty || record.key == event.personId
            else { return nil }
            return event
        }
    }

    /// Produces the records and runs the fixture's pipeline group until it has processed them.
    func ingest(_ records: [TestRecord], client: PostgresClient, batchMax: Int = 500) async throws {
        try await harness.produce(records)
        try await harness.withPipeline(group: group, client: client, batchMax: batchMax) { pipeline in
            try await eventually("\(records.count) records processed", within: .seconds(90), polling: .stop) {
                pipeline.state.snapshot.recordsProcessed >= records.count
            }
        }
    }

    /// Rows an older version of the rules could have left: periods missing or wrong, bindings
    /// gone or refused, a period of a year nobody paid, event counts off, a person row missing
    /// (unless `keepingPersonRows`: a missing row makes the pipeline take the person as new).
    static func tamper(_ client: PostgresClient, keepingPersonRows: Bool = false) async throws {
        let statements: [PostgresQuery] = [
            "DELETE FROM coverage_periods WHERE person_id IN (SELECT person_id FROM persons ORDER BY person_id LIMIT 20)",
            """
            UPDATE coverage_periods SET ends_on = starts_on, basis = 'newborn'
            WHERE person_id IN (SELECT person_id FROM persons ORDER BY person_id OFFSET 20 LIMIT 20)
            """,
            "DELETE FROM family_account_bindings WHERE status = 'refused'",
            "UPDATE family_account_bindings SET status = 'refused', reason = 'older rules', rank = NULL WHERE rank = 1",
            "UPDATE facility_bindings SET status = 'refused', reason = 'older rules'",
            """
            INSERT INTO coverage_periods (person_id, policy_year, starts_on, ends_on, start_month, basis)
            SELECT person_id, 2020, '2020-10-01', '2021-09-30', '2020-10', 'annual' FROM persons ORDER BY person_id DESC LIMIT 5
            """,
            "UPDATE persons SET event_count = event_count + 3 WHERE person_id IN (SELECT person_id FROM persons ORDER BY person_id OFFSET 40 LIMIT 10)",
            "DELETE FROM persons WHERE person_id = (SELECT person_id FROM persons ORDER BY person_id OFFSET 60 LIMIT 1)",
        ]
        for statement in statements.dropLast(keepingPersonRows ? 1 : 0) { try await client.query(statement, logger: TestDatabase.logger) }
    }
}
