import PostgresNIO

/// What a failed database step means for the pipeline: wait, or isolate.
///
/// - `unreachable`: the database cannot be used right now (no connection, the connection
///   dropped, the server shutting down or out of resources, a serialisation failure, a lock
///   timeout; a statement timeout is judged by `DatabaseRetry` first). Nothing is wrong with the batch: the same work is retried with backoff
///   until it succeeds; this is the only failure that may stop the pipeline moving.
/// - `poison`: the batch's content makes the step fail, and retrying the same content can never
///   succeed: a data exception (SQLSTATE class 22, e.g. a NUL character in a text value),
///   an integrity violation (23), a program limit (54, e.g. an index row too large), or an error
///   thrown by the coverage computation itself. The pipeline isolates the persons responsible
///   and refuses their events (see `IngestionPipeline+Isolation`).
///
/// Every other server error (a missing table, a syntax error) is a fault of the deployment, not
/// of one person's data: refusing everyone's events for it would destroy data, so it is retried
/// like an outage, with `/ready` reporting 503 and the error logged.
enum FailureClass: Sendable, Equatable {
    case unreachable
    case poison

    static func of(_ error: any Error) -> FailureClass {
        if error is ComputationFailure { return .poison }
        if let transaction = error as? PostgresTransactionError {
            // The body's error decides; a failed BEGIN or ROLLBACK is a connection problem.
            if let inner = transaction.closureError ?? transaction.commitError { return of(inner) }
            return .unreachable
        }
        // Anything else that is not the server's answer (a dropped connection, a closed pool, a
        // TLS or socket error, cancellation) is about reaching the database, never the data.
        guard let psql = error as? PSQLError else { return .unreachable }
        return DatabaseMessage.isCausedByData(psql) ? .poison : .unreachable
    }
}

/// A database step failed because of the data it was given (see `FailureClass.poison`).
struct PoisonFailure: Error, CustomStringConvertible {
    let underlying: any Error

    /// The database's message (without its DETAIL line, which may quote values), or the
    /// computation's error: what the refusal's reason says.
    var reason: String { DatabaseMessage.of(underlying, includeDetail: false) }

    var description: String { reason }
}

/// The coverage computation threw for a person's history (its own error, not the database's).
struct ComputationFailure: Error, CustomStringConvertible {
    let underlying: any Error

    init(underlying: any Error) {
        self.underlying = underlying
    }

    var description: String { "coverage computation failed: \(underlying)" }
}
