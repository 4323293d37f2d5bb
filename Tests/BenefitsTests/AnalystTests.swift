import Benefits
import PostgresNIO
import Testing

@Suite("Analyst role and views")
struct AnalystTests {
    @Test(
        "insurance_analyst cannot read raw events, persons or refusal payloads",
        arguments: [
            "SELECT count(*) FROM events", "SELECT count(*) FROM persons", "SELECT payload FROM rejected_events",
            "SELECT birth_date FROM person_facts",
        ]
    )
    func deniedTables(query: String) async throws {
        try await TestDatabase.withFresh { client, _ in
            do {
                try await asAnalyst(client, PostgresQuery(unsafeSQL: query))
                Issue.record("the analyst could run \(query)")
            } catch {
                #expect(sqlState(error) == .insufficientPrivilege, "expected permission denied, got \(String(reflecting: error))")
            }
        }
    }

    @Test(
        "insurance_analyst reads coverage, bindings and every view",
        arguments: [
            "SELECT count(*) FROM coverage_periods", "SELECT count(*) FROM facility_bindings",
            "SELECT count(*) FROM family_account_bindings", "SELECT count(*) FROM covered_on(current_date)",
            "SELECT count(*) FROM coverage_by_month", "SELECT count(*) FROM paid_not_yet_covered",
            "SELECT count(*) FROM coverage_gaps", "SELECT count(*) FROM bindings_in_force",
            "SELECT count(*) FROM rejected_events_redacted", "SELECT count(*) FROM rejections_by_reason",
            "SELECT count(*) FROM renewal_outlook",
        ]
    )
    func allowed(query: String) async throws {
        try await TestDatabase.withFresh { client, _ in
            try await asAnalyst(client, PostgresQuery(unsafeSQL: query))
        }
    }

    @Test("the views answer for a hand-built set of periods, payments, bindings and refusals")
    func views() async throws {
        try await TestDatabase.withFresh { client, _ in
            try await client.query(
                """
                INSERT INTO coverage_periods (person_id, policy_year, starts_on, ends_on, start_month, basis) VALUES
                  ('amy', 2024, '2024-10-01', '2025-09-30', '2024-10', 'annual'),
                  ('amy', 2025, '2025-12-01', '2026-09-30', '2025-12', 'month_after_payment'),
                  ('ben', 2024, '2025-01-10', '2025-09-30', '2025-01', 'newborn'),
                  ('cal', 2024, '2024-10-01', '2025-09-30', '2024-10', 'annual'),
                  ('cal', 2025, '2025-10-01', '2026-09-30', '2025-10', 'annual')
                """
            )
            try await client.query(
                """
                INSERT INTO events (source, event_id, type, person_id, event_time, payload, topic, partition, kafka_offset) VALUES
                  ('s', '1', 'insurance.contribution.paid.v1', 'amy', '2025-11-20T10:00:00+08:00', '{}', 't', 0, 1),
                  ('s', '2', 'insurance.contribution.paid.v1', 'dan', '2026-03-03T10:00:00+08:00', '{}', 't', 0, 2),
                  ('s', '3', 'insurance.enrollment.registered.v1', 'eve', '2026-03-03T10:00:00+08:00', '{}', 't', 0, 3)
                """
            )
            try await client.query(
                """
                INSERT INTO facility_bindings (person_id, facility_code, facility_kind, hospital_level, bound_on, ends_on, status, reason) VALUES
                  ('amy', 'SK001', 'community_health_centre', NULL, '2024-10-02', NULL, 'accepted', NULL),
                  ('amy', 'H3', 'hospital', 3, '2024-10-05', NULL, 'refused', 'hospitalLevel: must be 2 or below under 14'),
                  ('ben', 'SK002', 'community_health_centre', NULL, '2020-01-01', '2021-01-01', 'accepted', NULL)
                """
            )
            try await client.query(
                """
                INSERT INTO family_account_bindings (person_id, authoriser_id, relationship, bound_on, revoked_on, rank, status) VALUES
                  ('ben', 'mum', 'parent', '2025-02-01', NULL, 1, 'accepted'),
                  ('ben', 'dad', 'parent', '2025-02-01', '2025-03-01', NULL, 'accepted')
                """
            )
            try await client.query(
                """
                INSERT INTO rejected_events (reason, type, payload, topic, partition, kafka_offset) VALUES
                  ('data.certNo: wrong check character', 'insurance.enrollment.registered.v1', '{"certNo":"x"}', 't', 0, 1),
                  ('data.certNo: wrong check character', 'insurance.enrollment.registered.v1', '{"certNo":"y"}', 't', 0, 2),
                  ('value: not JSON', NULL, '{', 't', 0, 3)
                """
            )

            #expect(
                try await rows(client, "SELECT person_id || ' ' || policy_year || ' ' || basis FROM covered_on('2025-02-01') ORDER BY 1")
                    == ["amy 2024 annual", "ben 2024 newborn", "cal 2024 annual"]
            )
            #expect(try await rows(client, "SELECT person_id FROM covered_on('2025-10-15') ORDER BY 1") == ["cal"])
            #expect(
                try await rows(
                    client,
                    """
                    SELECT month || ' ' || basis || ' ' || covered FROM coverage_by_month
                    WHERE month IN ('2024-10', '2025-01', '2025-10', '2025-12') ORDER BY month, basis
                    """
                ) == [
                    "2024-10 annual 2", "2025-01 annual 2", "2025-01 newborn 1",
                    "2025-10 annual 1", "2025-12 annual 1", "2025-12 month_after_payment 1",
                ]
            )
            #expect(
                try await rows(client, "SELECT person_id || ' ' || gap_starts_on || ' ' || gap_ends_on FROM coverage_gaps")
                    == ["amy 2025-10-01 2025-11-30"]
            )
            // amy's payment is followed by coverage; dan paid and has none; eve did not pay.
            #expect(try await rows(client, "SELECT person_id FROM paid_not_yet_covered") == ["dan"])
            // A family-account binding is in force only while its beneficiary is covered: ben's
            // periods ended before today, so mum is not listed until ben is covered today.
            let inForce: PostgresQuery = "SELECT person_id || ' ' || binding || ' ' || counterpart FROM bindings_in_force ORDER BY 1"
            #expect(try await rows(client, inForce) == ["amy facility SK001"])
            try await client.query(
                """
                INSERT INTO coverage_periods (person_id, policy_year, starts_on, ends_on, start_month, basis)
                VALUES ('ben', 2090, current_date - 1, current_date + 1, to_char(current_date - 1, 'YYYY-MM'), 'annual')
                """
            )
            #expect(try await rows(client, inForce) == ["amy facility SK001", "ben family_account mum"])
            #expect(
                try await rows(client, "SELECT reason || ' ' || rejected FROM rejections_by_reason ORDER BY 1")
                    == ["data.certNo: wrong check character 2", "value: not JSON 1"]
            )
            // The analyst sees the same through the role.
            try await asAnalyst(client, "SELECT count(*) FROM coverage_gaps")
        }
    }

    private func asAnalyst(_ client: PostgresClient, _ query: PostgresQuery) async throws {
        try await client.withTransaction(logger: TestDatabase.logger) { connection in
            try await connection.query("SET LOCAL ROLE insurance_analyst", logger: TestDatabase.logger)
            let rows = try await connection.query(query, logger: TestDatabase.logger)
            for try await _ in rows {}
        }
    }

    private func rows(_ client: PostgresClient, _ query: PostgresQuery) async throws -> [String] {
        var values: [String] = []
        for try await value in try await client.query(query).decode(String.self) { values.append(value) }
        return values
    }

    private func sqlState(_ error: any Error) -> PostgresError.Code? {
        let inner = (error as? PostgresTransactionError)?.closureError ?? error
        return (inner as? PSQLError)?.serverInfo?[.sqlState].map(PostgresError.Code.init(raw:))
    }
}
