/// The HTTP side's PostgreSQL pool: small, and with a short statement timeout.
///
/// Why separate from the ingestion's pool: a burst of page or API requests would otherwise
/// queue for the same few connections as the batches, and one slow page query would hold a
/// connection the pipeline needs; with its own pool the worst the HTTP side can do is slow
/// itself down.
package struct APIDatabaseSettings: Sendable, Hashable {
    /// `BENEFITS_API_POOL_SIZE` (default 2).
    var poolSize: Int
    /// `BENEFITS_API_STATEMENT_TIMEOUT_MS` (default 5000; 0: no limit).
    var statementTimeout: Duration
    /// `BENEFITS_API_DATABASE_WAIT_MS` (default 6000; 0: no limit): the longest one request or
    /// page waits for the database, a connection included, before it answers 503. The statement
    /// timeout alone cannot bound it: while PostgreSQL is away, a query never reaches it.
    var databaseWait: Duration

    init(poolSize: Int = 2, statementTimeout: Duration = .seconds(5), databaseWait: Duration = .seconds(6)) {
        self.poolSize = max(1, poolSize)
        self.statementTimeout = statementTimeout
        self.databaseWait = databaseWait
    }

    /// `databaseWait` as the reads' limit (nil: none).
    var readLimit: Duration? { databaseWait == .zero ? nil : databaseWait }

    /// The ingestion's settings (host, login, TLS) with this pool size and timeout.
    func applied(to database: DatabaseSettings) -> DatabaseSettings {
        database.with(poolSize: poolSize, statementTimeout: statementTimeout == .zero ? nil : statementTimeout)
    }
}
