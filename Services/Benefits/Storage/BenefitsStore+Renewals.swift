import PostgresNIO

extension BenefitsStore {
    /// The default-renewal cohort of `policyYear` from the view `renewal_outlook`, in person
    /// order; only `status` when given.
    func renewals(policyYear: Int, status: String? = nil, after: String? = nil, limit: Int = 1_000) async throws -> [RenewalRow] {
        try await read { connection, logger in
            try await connection.query(
                """
                SELECT person_id::text, status, to_char(first_covered_on, 'YYYY-MM-DD')
                FROM renewal_outlook
                WHERE policy_year = \(policyYear) AND (\(status)::text IS NULL OR status = \(status))
                  AND (\(after)::text IS NULL OR person_id > \(after))
                ORDER BY person_id
                LIMIT \(limit)
                """,
                logger: logger
            )
            .decode((String, String, String?).self)
            .map { RenewalRow(personId: $0, status: $1, firstCoveredOn: $2) }
        }
    }

    /// How many members of the cohort of `policyYear` have each status (statuses with none are absent).
    func renewalCounts(policyYear: Int) async throws -> [String: Int] {
        let rows = try await read { connection, logger in
            try await connection.query(
                "SELECT status, count(*)::int8 FROM renewal_outlook WHERE policy_year = \(policyYear) GROUP BY status",
                logger: logger
            )
            .decode((String, Int).self)
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }
}
