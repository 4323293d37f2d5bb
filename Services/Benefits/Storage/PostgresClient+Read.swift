import PostgresNIO

extension PostgresClient {
    /// A read on a leased connection (ended as soon as it closes, see `endingOnClose`), given up
    /// with `DatabaseUnreachable` when it has not finished within `limit` (no limit when nil).
    ///
    /// Why a limit of our own: while PostgreSQL is away, PostgresNIO keeps a lease waiting for
    /// about a minute (its circuit breaker), and a statement timeout cannot help a query that
    /// never reached the server. The HTTP side would hold every request that long; with this,
    /// it answers 503 within `limit`. The read runs in a task of its own, not a child, for the
    /// same reason as `BenefitsStore.ensureReachable`: a task group would wait for a stuck read.
    func withReadConnection<Result: Sendable>(
        within limit: Duration?,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        guard let limit else { return try await withConnectionEndingOnClose(body) }
        let outcome = FirstOutcome<Result>()
        let read = Task {
            do {
                outcome.settle(.success(try await self.withConnectionEndingOnClose(body)))
            } catch {
                outcome.settle(.failure(error))
            }
        }
        let timer = Task {
            try? await Task.sleep(for: limit)
            outcome.settle(.failure(DatabaseUnreachable(waited: limit)))
        }
        defer {
            read.cancel()
            timer.cancel()
        }
        return try await withTaskCancellationHandler {
            try await outcome.value()
        } onCancel: {
            read.cancel()
        }
    }
}
