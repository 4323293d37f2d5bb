extension BenefitsStore {
    /// Whether PostgreSQL answers `SELECT 1` within `limit` (for `/ready`; the pipeline asks once per
    /// batch and before every retry).
    public func isReachable(within limit: Duration) async -> Bool {
        (try? await ensureReachable(within: limit)) != nil
    }

    /// Throws `DatabaseUnreachable` unless PostgreSQL answers `SELECT 1` within `limit`
    /// (see `PostgresClient.withReadConnection`).
    public func ensureReachable(within limit: Duration) async throws {
        let logger = self.logger
        try await client.withReadConnection(within: limit) { connection in
            try await connection.run("SELECT 1", logger: logger)
        }
    }
}
