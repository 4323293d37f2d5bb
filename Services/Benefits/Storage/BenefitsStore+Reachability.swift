extension BenefitsStore {
    /// Whether PostgreSQL answers `SELECT 1` within `limit` (for `/ready`; the pipeline asks once per
    /// batch and before every retry).
    public func isReachable(within limit: Duration) async -> Bool {
        (try? await ensureReachable(within: limit)) != nil
    }

    /// Throws `DatabaseUnreachable` unless PostgreSQL answers `SELECT 1` within `limit`; the
    /// waiting request for a connection is cancelled then.
    public func ensureReachable(within limit: Duration) async throws {
        let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await client.query("SELECT 1", logger: logger)
                return true
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return false
            }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
        guard answered else { throw DatabaseUnreachable(waited: limit) }
    }
}
