import PostgresNIO
import Testing

@testable import Benefits

/// A person's derived rows are written as a difference (`Statements.ReplaceDerivedRows`): rows
/// already stored are not touched, and the tables end equal to the new rows, as multisets.
@Suite("Derived rows written as a difference")
struct DerivedRowsDifferenceTests {
    static let periodA = CoveragePeriodRow(
        policyYear: 2024,
        startsOn: "2024-11-01",
        endsOn: "2025-09-30",
        startMonth: "2024-11",
        basis: "month_after_payment"
    )
    static let periodB = CoveragePeriodRow(
        policyYear: 2025,
        startsOn: "2025-10-01",
        endsOn: "2026-09-30",
        startMonth: "2025-10",
        basis: "annual"
    )
    static let periodC = CoveragePeriodRow(
        policyYear: 2025,
        startsOn: "2025-12-01",
        endsOn: "2026-09-30",
        startMonth: "2025-12",
        basis: "month_after_payment"
    )
    /// Two identical refused choices of the same day give two equal rows.
    static let refusedChoice = FacilityBindingRow(
        facilityCode: "F1",
        facilityKind: "community_health_centre",
        boundOn: "2024-10-01",
        status: .refused,
        reason: "not in force"
    )
    static let family = FamilyAccountBindingRow(authoriserId: "A1", relationship: "parent", boundOn: "2024-10-02", rank: 1, status: .accepted)

    /// What the person's rows become after their n-th event.
    static func result(afterEvents count: Int) -> PersonResult {
        switch count {
        case 1:
            PersonResult(
                periods: [periodA, periodB],
                facilityBindings: [refusedChoice, refusedChoice],
                familyBindings: [family],
                facts: PersonFactsRow(birthDate: "2012-03-04")
            )
        case 2, 3:
            // B becomes C, a third equal refused row, the family binding gone, a stop known.
            PersonResult(
                periods: [periodA, periodC],
                facilityBindings: [refusedChoice, refusedChoice, refusedChoice],
                familyBindings: [],
                facts: PersonFactsRow(birthDate: "2012-03-04", lastStopOn: "2025-06-30")
            )
        default:
            // Down to one equal row; nothing known for the facts row.
            PersonResult(periods: [periodA], facilityBindings: [refusedChoice])
        }
    }

    @Test("only changed rows are deleted and inserted; equal rows count as a multiset; an unchanged person writes nothing")
    func difference() async throws {
        try await TestDatabase.withFresh { client, _ in
            let store = BenefitsStore(client: client)
            func ingest(_ number: Int) async throws {
                let batch = IngestBatch(events: [SampleEvents.event(number, person: "p", day: number)])
                _ = try await store.ingest(batch: batch) { _, history in Self.result(afterEvents: history.count) }
            }
            func facts() async throws -> [String] {
                var rows: [String] = []
                let result = try await client.query(
                    "SELECT concat_ws('|', birth_date, age_limit_on, last_stop_on) FROM person_facts WHERE person_id = 'p'",
                    logger: TestDatabase.logger
                )
                for try await row in result.decode(String.self) { rows.append(row) }
                return rows
            }

            try await ingest(1)
            #expect(try await store.coverage(personId: "p") == [Self.periodA, Self.periodB])
            #expect(try await store.facilityBindings(personId: "p") == [Self.refusedChoice, Self.refusedChoice])
            #expect(try await store.familyBindings(personId: "p") == [Self.family])
            #expect(try await facts() == ["2012-03-04"])
            let first = try await Self.rowVersions(client)

            try await ingest(2)
            #expect(try await store.coverage(personId: "p") == [Self.periodA, Self.periodC])
            #expect(try await store.facilityBindings(personId: "p") == [Self.refusedChoice, Self.refusedChoice, Self.refusedChoice])
            #expect(try await store.familyBindings(personId: "p").isEmpty)
            #expect(try await facts() == ["2012-03-04|2025-06-30"])
            let second = try await Self.rowVersions(client)
            // Period A and both refused rows stayed as written; B went, C came, a third refused row came.
            #expect(first["coverage_periods"].map { Set($0).intersection(second["coverage_periods"] ?? []).count } == 1)
            #expect(first["facility_bindings"].map { Set($0).isSubset(of: second["facility_bindings"] ?? []) } == true)
            #expect(second["facility_bindings"]?.count == 3)
            #expect(second["family_account_bindings"] == nil)

            try await ingest(3)
            #expect(try await Self.rowVersions(client) == second, "the same rows again: nothing written")

            try await ingest(4)
            #expect(try await store.coverage(personId: "p") == [Self.periodA])
            #expect(try await store.facilityBindings(personId: "p") == [Self.refusedChoice])
            #expect(try await facts().isEmpty, "a person with no facts any more has no facts row")
            let fourth = try await Self.rowVersions(client)
            #expect(fourth["coverage_periods"].map { Set($0).isSubset(of: second["coverage_periods"] ?? []) } == true)
        }
    }

    /// Each derived table's rows of person `p` as `ctid/xmin`: a row rewritten (deleted and
    /// inserted, or updated) gets a new one.
    static func rowVersions(_ client: PostgresClient) async throws -> [String: [String]] {
        var versions: [String: [String]] = [:]
        for table in ["coverage_periods", "facility_bindings", "family_account_bindings", "person_facts"] {
            let rows = try await client.query(
                "SELECT ctid::text || '/' || xmin::text FROM \(unescaped: table) WHERE person_id = 'p' ORDER BY 1",
                logger: TestDatabase.logger
            )
            for try await version in rows.decode(String.self) { versions[table, default: []].append(version) }
        }
        return versions
    }
}
