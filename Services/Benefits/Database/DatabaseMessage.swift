import PostgresNIO

/// The database's own words for an error.
///
/// `PSQLError`'s description hides the server's message (it may quote data); where the caller
/// needs to say why (a failed migration, a refused row) this digs it out.
enum DatabaseMessage {
    /// `includeDetail` adds the server's DETAIL line, which may quote row values: leave it out for
    /// anything analysts or logs may see.
    static func of(_ error: any Error, includeDetail: Bool = true) -> String {
        if let transactionError = error as? PostgresTransactionError {
            if let inner = transactionError.closureError ?? transactionError.commitError ?? transactionError.beginError {
                return of(inner, includeDetail: includeDetail)
            }
        }
        if let psqlError = error as? PSQLError, let serverInfo = psqlError.serverInfo {
            var message = serverInfo[.message] ?? "\(psqlError.code)"
            if let code = serverInfo[.sqlState] { message += " (SQLSTATE \(code))" }
            if includeDetail, let detail = serverInfo[.detail] { message += "; \(detail)" }
            return message
        }
        // PSQLError's description is a fixed "generic description"; for a failure before any
        // server answer (refused, timed out, TLS) the code and the socket's error say why, and
        // neither can quote data.
        if let psqlError = error as? PSQLError {
            return psqlError.underlying.map { "\(psqlError.code): \($0)" } ?? "\(psqlError.code)"
        }
        return String(describing: error)
    }

    /// Why an event the database refused is refused, for `rejected_events` and the dead letter:
    /// the limit by name when it was one of ours (migration 0011's `persons_event_limit`), else
    /// the server's message without its DETAIL (which may quote the row).
    static func refusalReason(_ error: any Error) -> String {
        if serverInfo(of: error)?[.constraintName] == "persons_event_limit" {
            return "limit: the person has reached the most stored events one person may have "
                + "(constraint persons_event_limit, see docs/input-limits.md); the event is kept here, not stored"
        }
        return "database refused the event: \(of(error, includeDetail: false))"
    }

    /// Whether a statement was cancelled by the statement timeout (SQLSTATE 57014).
    static func isStatementTimeout(_ error: any Error) -> Bool {
        code(of: error) == .queryCanceled
    }

    /// Whether the error is the data's fault (data exception, constraint violation, program limit such as
    /// an index row too large), so that retrying the same row can never succeed.
    static func isCausedByData(_ error: any Error) -> Bool {
        guard let code = code(of: error) else { return false }
        return dataClasses.contains { code.isInClass(of: $0) }
    }

    /// The SQLSTATE classes of errors caused by the data (see `isCausedByData`).
    static let dataClasses: [PostgresError.Code] = [.dataException, .integrityConstraintViolation, .programLimitExceeded]

    /// The SQLSTATE of a server error, if it is one.
    static func code(of error: any Error) -> PostgresError.Code? {
        serverInfo(of: error)?[.sqlState].map(PostgresError.Code.init(raw:))
    }

    /// The server's answer behind `error`, also inside a transaction's error (its body's or commit's).
    private static func serverInfo(of error: any Error) -> PSQLError.ServerInfo? {
        if let transactionError = error as? PostgresTransactionError,
            let inner = transactionError.closureError ?? transactionError.commitError
        {
            return serverInfo(of: inner)
        }
        return (error as? PSQLError)?.serverInfo
    }
}

extension PostgresError.Code {
    /// Whether this SQLSTATE is in the class of `classCode` (the same first two characters:
    /// `23505` unique violation is in class `23000` integrity constraint violation).
    func isInClass(of classCode: PostgresError.Code) -> Bool {
        raw.utf8.count == 5 && raw.prefix(2) == classCode.raw.prefix(2)
    }
}

/// No connection (or no answer to `SELECT 1`) from PostgreSQL within the time allowed.
///
/// PostgresNIO's pool keeps a request for a connection waiting while it retries connecting,
/// up to its own circuit breaker (about a minute); the pipeline asks first, with this limit, so
/// that an outage is seen, reported and backed off from within seconds.
struct DatabaseUnreachable: Error, CustomStringConvertible {
    let waited: Duration

    var description: String { "PostgreSQL did not answer within \(waited)" }
}
