extension BenefitsStore {
    /// Whether PostgreSQL answers `SELECT 1` within `limit` (for `/ready`; the pipeline asks once per
    /// batch and before every retry).
    func isReachable(within limit: Duration) async -> Bool {
        (try? await ensureReachable(within: limit)) != nil
    }

    /// Throws `DatabaseUnreachable` unless PostgreSQL answers `SELECT 1` within `limit`
    /// (see `PostgresClient.withReadConnection`).
    func ensureReachable(within limit: Duration) async throws {
        let logger = self.logger
        try await client.withReadConnection(within: limit) { connection in
            try await connection.run("SELECT 1", logger: logger)
        }
    }

    /// Whether the tables the ingestion writes can be written now: their `ROW EXCLUSIVE` locks
    /// (what `INSERT`, `UPDATE` and `DELETE` take) are granted within a second. False when
    /// someone holds a conflicting lock (a migration, `LOCK TABLE`, `VACUUM FULL`) or the
    /// database does not answer. Nothing is written.
    func writtenTablesAreFree() async -> Bool {
        let logger = self.logger
        do {
            try await client.withTransactionEndingOnClose(logger: logger) { connection in
                try await connection.run("SET LOCAL lock_timeout = '1s'", logger: logger)
                try await connection.run(
                    """
                    LOCK TABLE events, persons, coverage_periods, facility_bindings, family_account_bindings,
                      person_facts, rejected_events, coverage_revisions, coverage_outbox IN ROW EXCLUSIVE MODE
                    """,
                    logger: logger
                )
            }
            return true
        } catch {
            return false
        }
    }
}
