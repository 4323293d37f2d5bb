import PostgresNIO

extension BenefitsStore {
    /// The default-renewal cohort of `policyYear` from the view `renewal_outlook`, in person
    /// order; only `status` when given.
    public func renewals(policyYear: Int, status: String? = nil) async throws -> [RenewalRow] {
        let rows = try await client.query(
            """
            SELECT person_id::text, status, to_char(first_covered_on, 'YYYY-MM-DD')
            FROM renewal_outlook
            WHERE policy_year = \(policyYear) AND (\(status)::text IS NULL OR status = \(status))
            ORDER BY person_id
            """,
            logger: logger
        )
        var result: [RenewalRow] = []
        for try await (person, status, first) in rows.decode((String, String, String?).self) {
            result.append(RenewalRow(personId: person, status: status, firstCoveredOn: first))
        }
        return result
    }

    /// How many members of the cohort of `policyYear` have each status (statuses with none are absent).
    public func renewalCounts(policyYear: Int) async throws -> [String: Int] {
        let rows = try await client.query(
            """
            SELECT status, count(*)::int8 FROM renewal_outlook WHERE policy_year = \(policyYear) GROUP BY status
            """,
            logger: logger
        )
        var counts: [String: Int] = [:]
        for try await (status, count) in rows.decode((String, Int).self) { counts[status] = count }
        return counts
    }
}
