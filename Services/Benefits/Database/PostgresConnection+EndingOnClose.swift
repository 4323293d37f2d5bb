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
    /// Every row of `query`, collected on the connection's event loop. The services read rows
    /// only this way, never with `for try await row in query(…)`.
    ///
    /// Why: PostgresNIO 1.33's async row sequence stops reading the socket after each batch of
    /// rows until the consumer asks for more. If the server's end of the connection closes during
    /// that pause (a crash, an immediate stop), NIO reports a read-complete with no read before
    /// it, and `RowStreamStateMachine.channelReadComplete` traps ("How can we receive a body
    /// part, after a channelReadComplete, but no read has been forwarded yet"): the process dies
    /// (DatabaseCrashTests, `ConnectionLossTests`). The EventLoopFuture `query` collects the rows
    /// and asks for the next batch at once, so the stream never waits in that state, and a cut
    /// connection is an error. async-http-client fixed its copy of that state machine (its pull
    /// request 450); docs/architecture.md has the upstream fix for PostgresNIO.
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).get().rows
    }

    /// Every row of `query`, decoded as the given columns (see `rows(_:logger:)`).
    func rows<each Column: PostgresDecodable>(
        _ query: PostgresQuery,
        decoding columns: (repeat each Column).Type,
        logger: Logger
    ) async throws -> [(repeat each Column)] {
        try await rows(query, logger: logger).map { try $0.decode(columns) }
    }

    /// Every row of a fixed-shape statement, decoded by it (see `rows(_:logger:)`). Sent as an
    /// unnamed statement: PostgresNIO's prepared statements come back only as an async row
    /// sequence.
    func rows<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws -> [Statement.Row] {
        let query = PostgresQuery(unsafeSQL: Statement.sql, binds: try statement.makeBindings())
        return try await rows(query, logger: logger).map { try statement.decodeRow($0) }
    }

    /// Runs a statement to its end, discarding any rows: an error raised while it executes (a
    /// `SELECT f()` whose function fails, a lock wait that times out) is thrown here.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await rows(query, logger: logger)
    }
}

extension PostgresClient {
    /// Every row of `query` on a leased connection, ended as soon as it closes, decoded as the
    /// given columns (see `PostgresConnection.rows(_:logger:)` for why not
    /// `PostgresClient.query`).
    func rows<each Column: PostgresDecodable>(
        _ query: PostgresQuery,
        decoding columns: (repeat each Column).Type,
        logger: Logger
    ) async throws -> [(repeat each Column)] {
        let rows = try await withConnectionEndingOnClose { try await $0.rows(query, logger: logger) }
        return try rows.map { try $0.decode(columns) }
    }
}
