import Logging
import PostgresNIO

extension PostgresConnection {
    /// How soon a step notices that its connection closed.
    static let closePollInterval = Duration.milliseconds(100)

    /// Runs `work` on this connection, ended with `ConnectionClosed` as soon as the connection
    /// closes, whether or not `work` has returned.
    ///
    /// Why: with PostgresNIO 1.33 a statement sent on a connection the server has just closed
    /// can wait forever. NIO removes a closed channel's handlers a moment after the close, and a
    /// statement written after that (the `ROLLBACK` after a failed statement, say) is dropped
    /// with its promise. A PostgreSQL crash mid-batch stopped the pipeline that way, with
    /// nothing logged (DatabaseCrashTests, ConnectionLossTests). `work` runs in a task of its
    /// own, raced against the close. A task stuck like that is left behind, with what it holds
    /// (one per lost connection), and the caller retries like after any other outage.
    func endingOnClose<Result: Sendable>(_ work: @escaping @Sendable () async throws -> Result) async throws -> Result {
        guard !isClosed else { throw ConnectionClosed() }
        let outcome = FirstOutcome<Result>()
        let task = Task {
            do {
                outcome.settle(.success(try await work()))
            } catch {
                outcome.settle(.failure(error))
            }
        }
        // Polled, not `closeFuture.whenComplete`: a pooled connection serves many steps, and
        // every callback would stay registered, with what it holds, until the connection closes.
        let watcher = Task {
            while !Task.isCancelled {
                if self.isClosed { return outcome.settle(.failure(ConnectionClosed())) }
                try? await Task.sleep(for: Self.closePollInterval)
            }
        }
        defer { watcher.cancel() }
        // Cancelling is passed on; the wait ends when `work` does (or the connection closes), so
        // a connection is never handed back to the pool while `work` still uses it.
        return try await withTaskCancellationHandler {
            try await outcome.value()
        } onCancel: {
            task.cancel()
        }
    }
}

extension PostgresClient {
    /// `withConnection`, ended as soon as the leased connection closes (see `endingOnClose`).
    func withConnectionEndingOnClose<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.closingOnServerRefusal {
                try await connection.endingOnClose { try await body(connection) }
            }
        }
    }

    /// `withTransaction`, ended as soon as the leased connection closes (see `endingOnClose`).
    func withTransactionEndingOnClose<Result: Sendable>(
        logger: Logger,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.closingOnServerRefusal {
                try await connection.endingOnClose {
                    try await connection.withTransaction(logger: logger) { try await body($0) }
                }
            }
        }
    }
}

extension PostgresConnection {
    /// Runs `work`; when the server refused one of its statements for a reason other than the
    /// data (a missing table, a statement or lock timeout, a permission), closes this
    /// connection before passing the error on, so that the pool opens a fresh one.
    ///
    /// Why: PostgresNIO keeps a prepared statement that failed to prepare on its connection and
    /// fails it there for good. A statement prepared before the migrations, or cancelled by the
    /// statement timeout while a migration held its table, would break the connection for the
    /// life of the process; a pipeline retrying on it would wait forever. Errors caused by the
    /// data (SQLSTATE classes 22, 23, 54) come from executing, never from preparing, and
    /// poison isolation retries on the same connection, so those keep it. Called outside
    /// `endingOnClose`, which would otherwise report the close instead of the server's error.
    func closingOnServerRefusal<Result>(_ work: () async throws -> Result) async throws -> Result {
        do {
            return try await work()
        } catch {
            if DatabaseMessage.code(of: error) != nil, !DatabaseMessage.isCausedByData(error) {
                try? await close()
            }
            throw error
        }
    }
}

/// The connection to PostgreSQL closed while a step was using it (the server crashed or was
/// stopped): the step's transaction is lost and it is retried (`FailureClass.unreachable`).
struct ConnectionClosed: Error, CustomStringConvertible {
    var description: String { "the connection to PostgreSQL closed" }
}

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
