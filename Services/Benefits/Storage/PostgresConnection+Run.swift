import PostgresNIO

extension PostgresConnection {
    /// Runs a statement to its end, reading and discarding any rows.
    ///
    /// `query` returns once the row description arrives; an error raised while the statement
    /// executes (a `SELECT f()` whose function fails, a lock wait that times out) only surfaces
    /// when the rows are read, so statements run for effect must be drained.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }
}
