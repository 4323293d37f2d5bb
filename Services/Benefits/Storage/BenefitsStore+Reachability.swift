extension BenefitsStore {
    /// Whether PostgreSQL answers `SELECT 1` within `limit` (for `/ready`; the pipeline asks once per
    /// batch and before every retry).
    public func isReachable(within limit: Duration) async -> Bool {
        (try? await ensureReachable(within: limit)) != nil
    }

    /// Throws `DatabaseUnreachable` unless PostgreSQL answers `SELECT 1` within `limit`.
    ///
    /// The query runs in a task of its own, not a child: a query on a connection the server has
    /// just closed can wait forever (see `PostgresConnection.endingOnClose`), and a task group
    /// would wait for it past the deadline. Past the deadline the query is cancelled.
    public func ensureReachable(within limit: Duration) async throws {
        let outcome = FirstOutcome<Bool>()
        let (client, logger) = (self.client, self.logger)
        let query = Task {
            do {
                try await client.withConnectionEndingOnClose { connection in
                    try await connection.run("SELECT 1", logger: logger)
                }
                outcome.settle(.success(true))
            } catch {
                outcome.settle(.failure(error))
            }
        }
        let timer = Task {
            try? await Task.sleep(for: limit)
            outcome.settle(.success(false))
        }
        defer {
            query.cancel()
            timer.cancel()
        }
        guard try await outcome.value() else { throw DatabaseUnreachable(waited: limit) }
    }
}
