import PostgresNIO
import Synchronization

extension PostgresClient {
    /// `withConnectionEndingOnClose`, given up with `DatabaseUnreachable` when no connection was
    /// leased within `limit` (no limit when nil). Unlike `withReadConnection`, the limit ends
    /// with the lease: `body` then runs as long as it needs (a migration on a big table).
    ///
    /// Why: while PostgreSQL is away (restarting during a start, say) PostgresNIO keeps a lease
    /// waiting for about a minute, with nothing reported meanwhile. The lease runs in a task of
    /// its own, not a child, for the same reason as in `withReadConnection`; once the limit
    /// has passed, a connection that comes late is handed back without running `body`.
    func withConnectionEndingOnClose<Result: Sendable>(
        leasedWithin limit: Duration?,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        guard let limit else { return try await withConnectionEndingOnClose(body) }
        let lease = LeaseDeadline()
        let outcome = FirstOutcome<Result>()
        let work = Task {
            do {
                let result = try await self.withConnectionEndingOnClose { connection in
                    guard lease.begin() else { throw DatabaseUnreachable(waited: limit) }
                    return try await body(connection)
                }
                outcome.settle(.success(result))
            } catch {
                outcome.settle(.failure(error))
            }
        }
        let timer = Task {
            guard (try? await Task.sleep(for: limit)) != nil, lease.expire() else { return }
            outcome.settle(.failure(DatabaseUnreachable(waited: limit)))
            work.cancel()
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await outcome.value()
        } onCancel: {
            work.cancel()
        }
    }
}

/// Whether a lease came before its deadline: of `begin` and `expire`, the first one called wins.
private final class LeaseDeadline: Sendable {
    private enum Phase {
        case waiting
        case leased
        case expired
    }

    private let phase = Mutex(Phase.waiting)

    /// True when the connection came in time (and the deadline no longer counts).
    func begin() -> Bool {
        phase.withLock { phase in
            if case .waiting = phase { phase = .leased }
            return phase == .leased
        }
    }

    /// True when the deadline passed before a connection came.
    func expire() -> Bool {
        phase.withLock { phase in
            if case .waiting = phase { phase = .expired }
            return phase == .expired
        }
    }
}

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
